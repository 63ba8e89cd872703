package org.cmoportal.period;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.AdminPages;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrator's period pages: opening a period, and the period board with its workflow actions. */
@Path("/t/{tenant}/admin/periods")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class PeriodPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance board(PeriodBoard board);
    }

    static final Map<String, String> NOTICES = Map.of(
            "closed", "The period is closed: no more filings. Review each filing, then calculate.",
            "accepted", "The filing was accepted.",
            "rejected", "The filing was rejected; the builder sees the reason.",
            "calculated", "The run is calculated. Another administrator checks the figures and approves.",
            "discarded", "The run was discarded; the period is closed again.",
            "approved", "The run is approved. It can be distributed.",
            "distributed", "Statements are published to members; the payout file is ready.");

    @Inject
    PeriodService periods;

    @Inject
    PeriodWorkflow workflow;

    @Inject
    FilingReview review;

    @Inject
    PeriodBoards boards;

    @Inject
    AdminPages admin;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response open(@PathParam("tenant") String tenant, @RestForm String label) {
        try {
            periods.open(label);
        } catch (DomainException e) {
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("label", e.getMessage())) : e.problems();
            return admin.withProblems(tenant, e.kind().status, "periods", problems, Map.of("label", label == null ? "" : label));
        }
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "period-opened")).build();
    }

    @GET
    @Path("{period}")
    public TemplateInstance board(@PathParam("period") String label,
            @QueryParam("notice") String notice) {
        return Templates.board(boards.board(label, notice == null ? null : NOTICES.get(notice), List.of()));
    }

    @POST
    @Path("{period}/close")
    public Response close(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return act(tenant, label, "closed", "period", () -> workflow.close(label));
    }

    @POST
    @Path("{period}/calculate")
    public Response calculate(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return act(tenant, label, "calculated", "period", () -> workflow.calculate(label));
    }

    @POST
    @Path("{period}/discard")
    public Response discard(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return act(tenant, label, "discarded", "period", () -> workflow.discard(label));
    }

    @POST
    @Path("{period}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @RestForm Long runId) {
        return act(tenant, label, "approved", "period", () -> workflow.approveShown(label, runId));
    }

    @POST
    @Path("{period}/distribute")
    public Response distribute(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return act(tenant, label, "distributed", "period", () -> workflow.distribute(label));
    }

    @POST
    @Path("{period}/filings/{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @PathParam("id") long id, @RestForm String justification) {
        return act(tenant, label, "accepted", "filing " + id, () -> review.accept(label, id, justification));
    }

    @POST
    @Path("{period}/filings/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reject(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @PathParam("id") long id, @RestForm String reason) {
        return act(tenant, label, "rejected", "filing " + id, () -> review.reject(label, id, reason));
    }

    @GET
    @Path("{period}/payout-file")
    @Produces("text/csv")
    public Response payoutFile(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return PeriodApi.payoutFile(tenant, label, workflow.payoutFile(label));
    }

    /** Runs an action; on success 303 to the board, on a refusal the board again with the problem and its status. */
    private Response act(String tenant, String label, String notice, String where, Supplier<?> action) {
        try {
            action.get();
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_FOUND) {
                throw e;
            }
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem(where, e.getMessage())) : e.problems();
            return Response.status(e.kind().status).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.board(boards.board(label, null, problems))).build();
        }
        return Response.seeOther(Routes.withNotice(Routes.periodBoard(tenant, label), notice)).build();
    }
}
