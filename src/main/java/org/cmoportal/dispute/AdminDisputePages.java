package org.cmoportal.dispute;

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
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.Paging;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The administrators' disputes: the queue (open, proposed, closed) with each line, member and message, and a
 * dispute's page with the answer form (reject with a reason, or propose a signed adjustment) and the second
 * administrator's approval, which the proposer sees disabled with the reason.
 */
@HoldsForms(AdminDisputePages.ANSWER)
@Path("/t/{tenant}/admin/disputes")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AdminDisputePages implements FormPage {

    static final String ANSWER = "dispute-answer";

    static final Map<String, String> NOTICES = Map.of(
            "rejected", "The dispute is rejected; the member sees your reason.",
            "proposed", "The adjustment is proposed. Another administrator checks it and approves.",
            "approved", "Approved: the adjustment is entered in the member's account in the open period, and the fees of"
                    + " that period answer for it.");

    /** The tabs of the queue, each with the states it shows. */
    enum Show {
        OPEN(List.of(Disputes.State.OPEN)), PROPOSED(List.of(Disputes.State.PROPOSED)),
        CLOSED(List.of(Disputes.State.REJECTED, Disputes.State.APPROVED));

        final List<Disputes.State> states;

        Show(List<Disputes.State> states) {
            this.states = states;
        }

        static Show of(String s) {
            for (Show v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            return OPEN;
        }
    }

    /** The queue page. */
    public record QueueView(String tenant, String tenantName, String show, long open, long proposed,
            List<MemberDisputePages.Row> disputes, Paging paging, String query) {

        /** This tab's address with the search, for the pages' links. */
        public String base() {
            return Paging.searched(Routes.adminDisputesShowing(tenant, show), query);
        }
    }

    /** One dispute's page; {@code mine} when the person looking proposed its adjustment. */
    public record DisputeView(String tenant, String tenantName, MemberDisputePages.Row row, boolean mine,
            List<Problem> problems, Map<String, String> form, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(QueueView view);

        static native TemplateInstance dispute(DisputeView view);
    }

    @Inject
    Disputes disputes;

    @Inject
    TenantDirectory tenants;

    @GET
    public TemplateInstance queue(@PathParam("tenant") String tenant, @QueryParam("show") String show,
            @QueryParam("q") String query, @QueryParam("page") String page) {
        Show s = Show.of(show);
        Map<Disputes.State, Long> counts = disputes.pendingCounts();
        Disputes.Found found = disputes.find(s.states, query, Paging.requested(page));
        List<MemberDisputePages.Row> rows = found.disputes().stream().map(MemberDisputePages::row).toList();
        return Templates.queue(new QueueView(tenant, tenants.get(tenant).name, s.name().toLowerCase(java.util.Locale.ROOT),
                counts.get(Disputes.State.OPEN), counts.get(Disputes.State.PROPOSED), rows, found.paging(), Paging.query(query)));
    }

    @GET
    @Path("{id: \\d+}")
    public TemplateInstance dispute(@PathParam("tenant") String tenant, @PathParam("id") long id,
            @QueryParam("notice") String notice) {
        return Templates.dispute(view(tenant, id, List.of(), Map.of(), notice == null ? null : NOTICES.get(notice)));
    }

    @POST
    @Path("{id: \\d+}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = ANSWER, where = "dispute {id}")
    public Response resolve(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String adjustment,
            @RestForm String reason) {
        Disputes.Dispute d = disputes.resolve(id, adjustment, reason);
        return Response.seeOther(Routes.withNotice(Routes.adminDispute(tenant, id),
                d.state() == Disputes.State.REJECTED ? "rejected" : "proposed")).build();
    }

    @POST
    @Path("{id: \\d+}/approve")
    @ReshowOnRefusal(value = ANSWER, where = "dispute {id}")
    public Response approve(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        disputes.approve(id);
        return Response.seeOther(Routes.withNotice(Routes.adminDispute(tenant, id), "approved")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.dispute(view(refusal.path("tenant"), Long.parseLong(refusal.path("id")), refusal.problems(),
                refusal.typedFields("adjustment", "reason"), null));
    }

    private DisputeView view(String tenant, long id, List<Problem> problems, Map<String, String> form, String notice) {
        Disputes.Dispute d = disputes.get(id);
        return new DisputeView(tenant, tenants.get(tenant).name, MemberDisputePages.row(d),
                disputes.actor().equals(d.resolvedBy()), problems, form, notice);
    }
}
