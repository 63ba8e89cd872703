package org.cmoportal.period;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

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
import org.cmoportal.verification.FilingVerification;
import org.cmoportal.verification.PeriodVerification;
import org.cmoportal.verification.TrustSettings;
import org.cmoportal.verification.VerificationService;
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
 * The administrator's verification pages: trusted evaluators, the attestation rule, and each period's verification.
 * They live with the periods they list, since verification sits below the period workflow that asks it.
 */
@HoldsForms({"trusted-evaluator", "valuation-tolerance"})
@Path("/t/{tenant}/admin/verification")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class VerificationPages implements FormPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(TrustSettings.Settings settings, PeriodService.Found periods, String query,
                List<Problem> problems, String refused, String tolerance, String notice);

        static native TemplateInstance settings$board_rows(TrustSettings.Settings settings, PeriodService.Found periods, String query);

        static native TemplateInstance board(VerificationBoard board);

        static native TemplateInstance board$filing_rows(VerificationBoard board);
    }

    static final Map<String, String> NOTICES = Map.of(
            "saved", "The attestation rule was saved.",
            "tolerance", "The valuation tolerance was saved: the period boards flag filed shares further than that from an attested valuation.",
            "trusted", "The evaluator is trusted: its attestations count here and its users see filings that name it.",
            "distrusted", "The evaluator is no longer trusted: its attestations stop counting here.");

    @Inject
    TrustSettings settings;

    @Inject
    PeriodService periods;

    @Inject
    VerificationService verification;

    @Inject
    PeriodBoards boards;

    /** The settings with the period boards a page at a time, searched by label; the boards alone for the search's htmx. */
    @GET
    public TemplateInstance settings(@QueryParam("notice") String notice, @QueryParam("q") String query,
            @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        TrustSettings.Settings now = settings.settings();
        PeriodService.Found found = periods.find(query, Paging.requested(page));
        String shown = notice == null ? null : NOTICES.get(notice);
        return "board-rows".equals(hxTarget)
                ? Templates.settings$board_rows(now, found, Paging.query(query))
                : Templates.settings(now, found, Paging.query(query), List.of(), null, now.valuationTolerance(), shown);
    }

    @POST
    @Path("rule")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rule(@PathParam("tenant") String tenant, @RestForm String requiresAttestation) {
        settings.requireAttestation(requiresAttestation != null);
        return shown(tenant, "saved");
    }

    /** How far a filed share may stand from an attested scaling-law valuation before the boards flag it. */
    @POST
    @Path("tolerance")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "valuation-tolerance", where = "valuationTolerance")
    public Response tolerance(@PathParam("tenant") String tenant, @RestForm String valuationTolerance) {
        settings.valuationTolerance(valuationTolerance);
        return shown(tenant, "tolerance");
    }

    @POST
    @Path("trusted")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "trusted-evaluator", where = "evaluator")
    public Response trust(@PathParam("tenant") String tenant, @RestForm String evaluator) {
        settings.trust(evaluator);
        return shown(tenant, "trusted");
    }

    @POST
    @Path("trusted/{evaluator}/remove")
    public Response distrust(@PathParam("tenant") String tenant, @PathParam("evaluator") String evaluator) {
        settings.distrust(evaluator);
        return shown(tenant, "distrusted");
    }

    /**
     * A period's verification: the counts over every filing that is not superseded, and a page of those filings
     * ({@code filingsPage}, searched by {@code q}).
     *
     * @param all  every live filing of the period with its verification: the counts read it
     * @param rows the page's filings, in the board's order
     */
    public record VerificationBoard(String tenant, Period period, PeriodVerification all, List<FilingVerification> rows,
            Paging paging, String query) {
    }

    /**
     * The period board: attested, unattested, inconsistent and commitment-mismatched filings at a glance, with a page of
     * the filings; the filings alone for the search's htmx ({@code HX-Target: filing-rows}).
     */
    @GET
    @Path("{period}")
    public TemplateInstance board(@PathParam("tenant") String tenant, @PathParam("period") String label,
            @QueryParam("q") String query, @QueryParam(PeriodPages.FILINGS_PAGE) String filingsPage,
            @RestHeader("HX-Target") String hxTarget) {
        Period period = periods.get(label);
        Paging.Page<Long> page = boards.liveFilings(period.id, query, Paging.requested(filingsPage));
        PeriodVerification all = verification.periodVerification(label);
        // the counts need every filing's verification; the page shows its own filings' from the same reading
        Map<Long, FilingVerification> byId = all.filings().stream()
                .collect(Collectors.toMap(FilingVerification::filingId, v -> v, (a, b) -> a));
        List<FilingVerification> rows = page.rows().stream().map(byId::get).filter(Objects::nonNull).toList();
        VerificationBoard board = new VerificationBoard(tenant, period, all, rows, page.paging(), Paging.query(query));
        return "filing-rows".equals(hxTarget) ? Templates.board$filing_rows(board) : Templates.board(board);
    }

    /** After an action: 303 to the settings, which say what was done. */
    private static Response shown(String tenant, String notice) {
        return Response.seeOther(Routes.withNotice(Routes.verification(tenant), notice)).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.settings(settings.settings(), periods.find(null, 1), "", refusal.problems(), refusal.form(),
                refusal.typed("valuationTolerance"), null);
    }
}
