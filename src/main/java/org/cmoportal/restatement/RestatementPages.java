package org.cmoportal.restatement;

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
 * The administrators' restatements: the list, and one restatement's differences with the two approvals (four eyes)
 * and the rejection with a reason.
 */
@HoldsForms(RestatementPages.REVIEW)
@Path("/t/{tenant}/admin/restatements")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class RestatementPages implements FormPage {

    static final String REVIEW = "restatement";

    static final Map<String, String> NOTICES = Map.of(
            "approved-once", "First approval given. Another administrator gives the second, which posts the entries.",
            "approved", "Approved: the adjustments are posted into the open period and will show on its statements.",
            "rejected", "Rejected: nothing is posted; the builder sees why.");

    public record ListView(String tenant, String tenantName, Restatements.Page restatements) {
    }

    /** A restatement with a page of its members, searched by ref ({@code q}, {@code membersPage}). */
    public record OneView(String tenant, String tenantName, Restatements.View r, Restatements.Members members, String query,
            boolean firstApprovalMine, List<Problem> problems, Map<String, String> form, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ListView view);

        static native TemplateInstance list$restatement_rows(ListView view);

        static native TemplateInstance restatement(OneView view);

        static native TemplateInstance restatement$member_rows(OneView view);
    }

    @Inject
    Restatements restatements;

    @Inject
    TenantDirectory tenants;

    @Inject
    CurrentUser user;

    /** A page of the list, or its rows alone when the search's htmx asks for them ({@code HX-Target: restatement-rows}). */
    @GET
    public TemplateInstance list(@PathParam("tenant") String tenant, @QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        ListView view = new ListView(tenant, tenants.get(tenant).name, restatements.page(query, Paging.requested(page)));
        return "restatement-rows".equals(hxTarget) ? Templates.list$restatement_rows(view) : Templates.list(view);
    }

    @GET
    @Path("{id}")
    public TemplateInstance restatement(@PathParam("tenant") String tenant, @PathParam("id") long id, @QueryParam("q") String query,
            @QueryParam("membersPage") String membersPage, @QueryParam("notice") String notice,
            @RestHeader("HX-Target") String hxTarget) {
        OneView view = view(tenant, id, query, Paging.requested(membersPage), List.of(), Map.of(),
                notice == null ? null : NOTICES.get(notice));
        return "member-rows".equals(hxTarget) ? Templates.restatement$member_rows(view) : Templates.restatement(view);
    }

    @POST
    @Path("{id}/approve")
    @ReshowOnRefusal(value = REVIEW, where = "restatement {id}")
    public Response approve(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        Restatements.View r = restatements.approve(id);
        return Response.seeOther(Routes.withNotice(Routes.restatement(tenant, id),
                r.state() == Restatements.State.APPROVED ? "approved" : "approved-once")).build();
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = REVIEW, where = "reason")
    public Response reject(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String reason) {
        restatements.reject(id, reason);
        return Response.seeOther(Routes.withNotice(Routes.restatement(tenant, id), "rejected")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.restatement(view(refusal.path("tenant"), Long.parseLong(refusal.path("id")), null, 1, refusal.problems(),
                refusal.typedFields("reason"), null));
    }

    private OneView view(String tenant, long id, String query, int membersPage, List<Problem> problems, Map<String, String> form,
            String notice) {
        Restatements.View r = restatements.summary(id);
        return new OneView(tenant, tenants.get(tenant).name, r, restatements.members(id, query, membersPage), Paging.query(query),
                user.actor().equals(r.firstApprovedBy()), problems, form, notice);
    }
}
