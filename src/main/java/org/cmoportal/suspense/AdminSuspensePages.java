package org.cmoportal.suspense;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The administrators' suspense: what is held (all of it, searched, a page at a time), the claims queue (one
 * administrator accepts, another confirms; either rejects with a reason), and the aged releases (one proposes as
 * of a date, another confirms on or after it), each release's shares on a page of its own.
 */
@HoldsForms({AdminSuspensePages.CLAIM_STEPS, AdminSuspensePages.RELEASES, AdminSuspensePages.RELEASE})
@Path("/t/{tenant}/admin/suspense")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AdminSuspensePages implements FormPage {

    static final String CLAIM_STEPS = "claim-steps";
    static final String RELEASES = "suspense-releases";
    static final String RELEASE = "suspense-release";
    static final int PAGE = 50;

    static final Map<String, String> NOTICES = Map.of(
            "accepted", "The claim is accepted. Another administrator confirms it.",
            "confirmed", "The claim is confirmed: the ref is now the member's alias and the money held under it is in the member's account.",
            "rejected", "The claim is rejected; the member reads the reason.",
            "proposed", "The release is proposed. Another administrator confirms it on or after its date.",
            "released", "The release is confirmed: the shares are in the members' accounts.");

    public record View(String tenant, String tenantName, CurrencyUnit currency, int holdMonths, String today,
            SuspenseBook.Page held, String query, Claims.Found claims, String claimsQuery, SuspenseReleases.Found releases,
            String actor, String problemsFor, List<Problem> problems, Map<String, String> form, String notice) {
    }

    /** A release with its pots and a page of its shares (searched), its total over all of them. */
    public record ReleaseView(String tenant, String tenantName, CurrencyUnit currency, SuspenseReleases.Release release,
            SuspenseReleases.Shares shares, String query, boolean mine, boolean due, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);

        static native TemplateInstance page$held_rows(View view);

        static native TemplateInstance release(ReleaseView view);

        static native TemplateInstance release$share_rows(ReleaseView view);
    }

    @Inject
    SuspenseBook book;

    @Inject
    Claims claims;

    @Inject
    SuspenseReleases releases;

    @Inject
    TenantDirectory tenants;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("claimsQ") String claimsQuery, @QueryParam("claimsPage") String claimsPage,
            @QueryParam("releasesPage") String releasesPage, @QueryParam("notice") String notice,
            @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, query, Paging.requested(page), new Lists(claimsQuery, Paging.requested(claimsPage),
                Paging.requested(releasesPage)), null, List.of(), Map.of(), notice == null ? null : NOTICES.get(notice));
        return "held-rows".equals(hxTarget) ? Templates.page$held_rows(view) : Templates.page(view);
    }

    @POST
    @Path("claims/{id}/accept")
    @ReshowOnRefusal(value = CLAIM_STEPS, where = "claim {id}")
    public Response accept(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        claims.accept(id);
        return Response.seeOther(Routes.withNotice(Routes.adminSuspense(tenant), "accepted")).build();
    }

    @POST
    @Path("claims/{id}/confirm")
    @ReshowOnRefusal(value = CLAIM_STEPS, where = "claim {id}")
    public Response confirm(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        claims.confirm(id);
        return Response.seeOther(Routes.withNotice(Routes.adminSuspense(tenant), "confirmed")).build();
    }

    @POST
    @Path("claims/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = CLAIM_STEPS, where = "claim {id}")
    public Response reject(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String reason) {
        claims.reject(id, reason);
        return Response.seeOther(Routes.withNotice(Routes.adminSuspense(tenant), "rejected")).build();
    }

    @POST
    @Path("releases")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = RELEASES, where = "release")
    public Response propose(@PathParam("tenant") String tenant, @RestForm String asOf) {
        SuspenseReleases.Release r = releases.propose(asOf);
        return Response.seeOther(Routes.withNotice(Routes.suspenseRelease(tenant, r.id()), "proposed")).build();
    }

    @GET
    @Path("releases/{id}")
    public TemplateInstance release(@PathParam("tenant") String tenant, @PathParam("id") long id, @QueryParam("q") String query,
            @QueryParam("sharesPage") String sharesPage, @QueryParam("notice") String notice,
            @RestHeader("HX-Target") String hxTarget) {
        ReleaseView view = releaseView(tenant, id, query, Paging.requested(sharesPage), List.of(),
                notice == null ? null : NOTICES.get(notice));
        return "share-rows".equals(hxTarget) ? Templates.release$share_rows(view) : Templates.release(view);
    }

    @POST
    @Path("releases/{id}/confirm")
    @ReshowOnRefusal(value = RELEASE, where = "release {id}")
    public Response confirmRelease(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        releases.confirm(id);
        return Response.seeOther(Routes.withNotice(Routes.suspenseRelease(tenant, id), "released")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        String tenant = refusal.path("tenant");
        if (RELEASE.equals(refusal.form())) {
            return Templates.release(releaseView(tenant, Long.parseLong(refusal.path("id")), null, 1, refusal.problems(), null));
        }
        return Templates.page(view(tenant, null, 1, Lists.FIRST, refusal.form(), refusal.problems(), refusal.typedFields("asOf", "reason"), null));
    }

    /** Where the claims and the releases stand on the page: the claims' search and each list's page. */
    private record Lists(String claimsQuery, int claimsPage, int releasesPage) {
        static final Lists FIRST = new Lists(null, 1, 1);
    }

    private View view(String tenant, String query, int page, Lists lists, String problemsFor, List<Problem> problems,
            Map<String, String> form, String notice) {
        Tenant t = tenants.get(tenant);
        return new View(tenant, t.name, CurrencyUnit.of(t.currency), book.holdMonths(), LocalDate.now(ZoneOffset.UTC).toString(),
                book.page(query, page, PAGE, false), Paging.query(query),
                claims.find(true, lists.claimsQuery(), lists.claimsPage()), Paging.query(lists.claimsQuery()),
                releases.find(lists.releasesPage()),
                user.actor(), problemsFor, problems, form, notice);
    }

    private ReleaseView releaseView(String tenant, long id, String query, int sharesPage, List<Problem> problems, String notice) {
        Tenant t = tenants.get(tenant);
        SuspenseReleases.Release r = releases.summary(id);
        return new ReleaseView(tenant, t.name, CurrencyUnit.of(t.currency), r, releases.shares(id, query, sharesPage),
                Paging.query(query), user.actor().equals(r.proposedBy()),
                !r.asOf().isAfter(LocalDate.now(ZoneOffset.UTC)), problems, notice);
    }
}
