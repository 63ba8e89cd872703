package org.cmoportal.suspense;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
 * "Money held for unknown refs", as a CMO's members see it (product.md): what is held per period, category and
 * ref, since when and from when it may be released, searched and a page at a time; the claim form and the member's
 * own claims. Refs and categories only: a ref that is a member's own or an alias is never listed here.
 */
@HoldsForms(SuspensePages.CLAIM)
@Path("/t/{tenant}/suspense")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.MEMBER)
public class SuspensePages implements FormPage {

    static final String CLAIM = "claim";
    static final int PAGE = 50;

    static final Map<String, String> NOTICES = Map.of(
            "claimed", "Your claim is recorded. An administrator of the CMO checks the evidence; a second one confirms it,"
                    + " and the money held under the ref then moves to your account.");

    public record View(String tenant, String tenantName, CurrencyUnit currency, int holdMonths, SuspenseBook.Page held,
            String query, List<String> myRefs, Claims.Found claims, List<Problem> problems, Map<String, String> form,
            String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);

        static native TemplateInstance page$held_rows(View view);
    }

    @Inject
    SuspenseBook book;

    @Inject
    Claims claims;

    @Inject
    TenantDirectory tenants;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("claimsPage") String claimsPage, @QueryParam("claim") String claimRef,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, query, Paging.requested(page), Paging.requested(claimsPage), List.of(),
                claimRef == null ? Map.of() : Map.of("ref", claimRef), notice == null ? null : NOTICES.get(notice));
        return "held-rows".equals(hxTarget) ? Templates.page$held_rows(view) : Templates.page(view);
    }

    @POST
    @Path("claims")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = CLAIM, where = "claim")
    public Response claim(@PathParam("tenant") String tenant, @RestForm String ref, @RestForm String memberRef,
            @RestForm String evidence) {
        claims.claim(ref, memberRef, evidence);
        return Response.seeOther(Routes.withNotice(Routes.suspense(tenant), "claimed")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.page(view(refusal.path("tenant"), null, 1, 1, refusal.problems(),
                refusal.typedFields("ref", "memberRef", "evidence"), null));
    }

    private View view(String tenant, String query, int page, int claimsPage, List<Problem> problems, Map<String, String> form, String notice) {
        Tenant t = tenants.get(tenant);
        return new View(tenant, t.name, CurrencyUnit.of(t.currency), book.holdMonths(), book.page(query, page, PAGE, true),
                Paging.query(query), List.copyOf(new TreeSet<>(user.affiliations().memberRefsIn(tenant))),
                claims.find(false, null, claimsPage), problems, form, notice);
    }
}
