package org.cmoportal.verification;

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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrator's verification pages: trusted evaluators, the attestation rule, and each period's board. */
@Path("/t/{tenant}/admin/verification")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class VerificationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(TrustSettings.Settings settings, List<Period> periods, List<Problem> problems,
                String notice);

        static native TemplateInstance board(String tenant, Period period, PeriodBoard board);
    }

    static final Map<String, String> NOTICES = Map.of(
            "saved", "The attestation rule was saved.",
            "trusted", "The evaluator is trusted: its attestations count here and its users see filings that name it.",
            "distrusted", "The evaluator is no longer trusted: its attestations stop counting here.");

    @Inject
    TrustSettings settings;

    @Inject
    PeriodService periods;

    @Inject
    VerificationService verification;

    @GET
    public TemplateInstance settings(@QueryParam("notice") String notice) {
        return Templates.settings(settings.settings(), periods.list(), List.of(), notice == null ? null : NOTICES.get(notice));
    }

    @POST
    @Path("rule")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rule(@PathParam("tenant") String tenant, @RestForm String requiresAttestation) {
        settings.requireAttestation(requiresAttestation != null);
        return Response.seeOther(Routes.withNotice(Routes.verification(tenant), "saved")).build();
    }

    @POST
    @Path("trusted")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response trust(@PathParam("tenant") String tenant, @RestForm String evaluator) {
        try {
            settings.trust(evaluator);
        } catch (DomainException e) {
            return Response.status(e.kind().status).entity(Templates.settings(settings.settings(), periods.list(),
                    e.problems().isEmpty() ? List.of(new Problem("evaluator", e.getMessage())) : e.problems(), null)).build();
        }
        return Response.seeOther(Routes.withNotice(Routes.verification(tenant), "trusted")).build();
    }

    @POST
    @Path("trusted/{evaluator}/remove")
    public Response distrust(@PathParam("tenant") String tenant, @PathParam("evaluator") String evaluator) {
        settings.distrust(evaluator);
        return Response.seeOther(Routes.withNotice(Routes.verification(tenant), "distrusted")).build();
    }

    /** The period board: attested, unattested, inconsistent and commitment-mismatched filings at a glance. */
    @GET
    @Path("{period}")
    public TemplateInstance board(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        Period period = periods.get(label);
        return Templates.board(tenant, period, verification.board(label));
    }
}
