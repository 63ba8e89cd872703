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

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** An evaluator's page for one filing addressed to it: the figures, the mixture and the attestation form. */
@HoldsForms("attestation")
@Path("/t/{tenant}/evaluator/filings/{id}")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.EVALUATOR)
public class EvaluatorFilingPages implements FormPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance filing(String tenantName, VerificationService.Addressed addressed, Map<String, String> form,
                List<Problem> problems, String notice);
    }

    @Inject
    VerificationService verification;

    @GET
    public TemplateInstance filing(@PathParam("tenant") String tenant, @PathParam("id") long id, @QueryParam("notice") String notice) {
        return page(tenant, id, Map.of(), List.of(), "attested".equals(notice) ? "Your attestation was recorded." : null);
    }

    @POST
    @Path("attestations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "attestation", where = "attestation")
    public Response attest(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String share,
            @RestForm String mixture, @RestForm String operatingProfit, @RestForm String method,
            @RestForm String reportReference, @RestForm String evidenceSha256, @RestForm String filingSha256) {
        verification.attest(id, new AttestationRequest(share != null, mixture != null, operatingProfit != null, method,
                reportReference, evidenceSha256, filingSha256));
        return Response.seeOther(Routes.withNotice(Routes.evaluatorFiling(tenant, id), "attested")).build();
    }

    /** The filing again with the attestation as it was filled in; a ticked box is sent whatever its value. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        Map<String, String> form = refusal.typedFields("method", "reportReference", "evidenceSha256");
        for (String box : List.of("share", "mixture", "operatingProfit")) {
            form.put(box, refusal.typed().containsKey(box) ? "on" : "");
        }
        return page(refusal.path("tenant"), Long.parseLong(refusal.path("id")), form, refusal.problems(), null);
    }

    private TemplateInstance page(String tenant, long id, Map<String, String> form, List<Problem> problems, String notice) {
        VerificationService.Addressed addressed = verification.addressed(id);
        String name = QuarkusTransaction.joiningExisting().call(() -> Tenant.<Tenant>findById(tenant).name);
        return Templates.filing(name, addressed, form, problems, notice);
    }

}
