package org.cmoportal.period;

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

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.tenancy.TenantScope;
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
 * The administrator's period pages: the periods, a page at a time and searched by label, with the form opening a
 * period; the period board with its workflow actions. A refused action shows its page again with the problem.
 */
@HoldsForms({PeriodPages.BOARD, PeriodPages.OPEN})
@Path("/t/{tenant}/admin/periods")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class PeriodPages implements FormPage {

    static final String BOARD = "period-board";
    static final String OPEN = "periods";

    /** The filings' page on the board, named apart from any other list's. */
    static final String FILINGS_PAGE = "filingsPage";

    /** The periods page: a page of periods, the search, and the opening form's state after a refusal. */
    public record PeriodList(String tenant, String tenantName, PeriodService.Found found, String query,
            List<org.cmoportal.error.Problem> problems, Map<String, String> form, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance board(PeriodBoard board);

        static native TemplateInstance board$filing_rows(PeriodBoard board);

        static native TemplateInstance periods(PeriodList list);
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
    TenantScope scope;

    @Inject
    TenantNames names;

    @GET
    public TemplateInstance periods(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("notice") String notice) {
        return Templates.periods(list(tenant, query, Paging.requested(page), List.of(), Map.of(),
                "opened".equals(notice) ? "The period is open: licensed builders can file now." : null));
    }

    private PeriodList list(String tenant, String query, int page, List<org.cmoportal.error.Problem> problems,
            Map<String, String> form, String notice) {
        return new PeriodList(tenant, names.nameOf(tenant).orElse(tenant), periods.find(query, page), Paging.query(query),
                problems, form, notice);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = OPEN, where = "label")
    public Response open(@PathParam("tenant") String tenant, @RestForm String label) {
        periods.open(label);
        return Response.seeOther(Routes.withNotice(Routes.periods(tenant), "opened")).build();
    }

    /**
     * The board with a page of its filings ({@code filingsPage}, searched by {@code q}); the filings alone for the
     * search's htmx ({@code HX-Target: filing-rows}).
     */
    @GET
    @Path("{period}")
    public TemplateInstance board(@PathParam("period") String label, @QueryParam("notice") String notice,
            @QueryParam("q") String query, @QueryParam(FILINGS_PAGE) String filingsPage, @RestHeader("HX-Target") String hxTarget) {
        PeriodBoard board = boards.board(label, notice == null ? null : NOTICES.get(notice), List.of(), query,
                Paging.requested(filingsPage));
        return "filing-rows".equals(hxTarget) ? Templates.board$filing_rows(board) : Templates.board(board);
    }

    @POST
    @Path("{period}/close")
    @ReshowOnRefusal(value = BOARD, where = "period")
    public Response close(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        workflow.close(label);
        return shown(tenant, label, "closed");
    }

    @POST
    @Path("{period}/calculate")
    @ReshowOnRefusal(value = BOARD, where = "period")
    public Response calculate(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        workflow.calculate(label);
        return shown(tenant, label, "calculated");
    }

    @POST
    @Path("{period}/discard")
    @ReshowOnRefusal(value = BOARD, where = "period")
    public Response discard(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        workflow.discard(label);
        return shown(tenant, label, "discarded");
    }

    @POST
    @Path("{period}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = BOARD, where = "period")
    public Response approve(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @RestForm Long runId) {
        workflow.approveShown(label, runId);
        return shown(tenant, label, "approved");
    }

    @POST
    @Path("{period}/distribute")
    @ReshowOnRefusal(value = BOARD, where = "period")
    public Response distribute(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        workflow.distribute(label);
        return shown(tenant, label, "distributed");
    }

    @POST
    @Path("{period}/filings/{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = BOARD, where = "filing {id}")
    public Response accept(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @PathParam("id") long id, @RestForm String justification, @RestForm String q, @RestForm String filingsPage) {
        review.accept(label, id, justification);
        return shown(tenant, label, q, filingsPage, "accepted");
    }

    @POST
    @Path("{period}/filings/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = BOARD, where = "filing {id}")
    public Response reject(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @PathParam("id") long id, @RestForm String reason, @RestForm String q, @RestForm String filingsPage) {
        review.reject(label, id, reason);
        return shown(tenant, label, q, filingsPage, "rejected");
    }

    @GET
    @Path("{period}/payout-file")
    @Produces("text/csv")
    public Response payoutFile(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return PeriodApi.payoutFile(tenant, label, workflow, scope);
    }

    /** After an action: 303 to the board, which says what was done. */
    private static Response shown(String tenant, String label, String notice) {
        return Response.seeOther(Routes.withNotice(Routes.periodBoard(tenant, label), notice)).build();
    }

    /**
     * After a filing's decision: 303 to the board at the page of filings and the search it was decided from (its forms
     * send them), which says what was done.
     */
    private static Response shown(String tenant, String label, String query, String filingsPage, String notice) {
        String board = Paging.searched(Routes.periodBoard(tenant, label), query);
        int page = Paging.requested(filingsPage);
        String at = page > 1 ? board + (board.indexOf('?') < 0 ? "?" : "&") + FILINGS_PAGE + "=" + page : board;
        return Response.seeOther(Routes.withNotice(at, notice)).build();
    }

    /** The board again with the refused action's problem, at the page of filings and the search the form was sent from. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        if (OPEN.equals(refusal.form())) {
            return Templates.periods(list(refusal.path("tenant"), null, 1, refusal.problems(), refusal.typedFields("label"), null));
        }
        return Templates.board(boards.board(refusal.path("period"), null, refusal.problems(), refusal.typed("q"),
                Paging.requested(refusal.typed(FILINGS_PAGE))));
    }
}
