package org.cmoportal.verification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.valuation.ScalingLawInput;
import org.cmoportal.valuation.ValuationFields;
import org.cmoportal.valuation.ValuationView;
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
@HoldsForms({"attestation", "valuation"})
@Path("/t/{tenant}/evaluator/filings/{id}")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.EVALUATOR)
public class EvaluatorFilingPages implements FormPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance filing(String tenantName, VerificationService.Addressed addressed, Map<String, String> form,
                List<Problem> problems, Map<String, String> fieldProblems, String notice, String calculator);
    }

    static final Map<String, String> NOTICES = Map.of(
            "attested", "Your attestation was recorded.",
            "revalued", "Your attestation now carries the new valuation; the one that carried the old valuation is void.");

    @Inject
    VerificationService verification;

    /**
     * The filing; a valuation brought from the calculator ({@code fit.preset}, {@code model.N}, ... in the query) fills
     * the form's valuation fields.
     */
    @GET
    public TemplateInstance filing(@PathParam("tenant") String tenant, @PathParam("id") long id, @QueryParam("notice") String notice,
            @Context UriInfo uri) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : ScalingLawInput.FIELDS) {
            String value = uri.getQueryParameters().getFirst(field);
            if (value != null) {
                form.put(field, value);
            }
        }
        return page(tenant, id, form, List.of(), notice == null ? null : NOTICES.get(notice));
    }

    @POST
    @Path("attestations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "attestation", where = "attestation")
    public Response attest(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String share,
            @RestForm String mixture, @RestForm String operatingProfit, @RestForm String method,
            @RestForm String reportReference, @RestForm String evidenceSha256, @RestForm String filingSha256,
            @BeanParam ValuationFields valuation) {
        verification.attest(id, new AttestationRequest(share != null, mixture != null, operatingProfit != null, method,
                reportReference, evidenceSha256, filingSha256), valuation.parse("valuation.", true));
        return Response.seeOther(Routes.withNotice(Routes.evaluatorFiling(tenant, id), "attested")).build();
    }

    /** Replaces the valuation the evaluator's standing attestation carries (a new attestation; the old one is void). */
    @POST
    @Path("valuation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "valuation", where = "valuation")
    public Response revalue(@PathParam("tenant") String tenant, @PathParam("id") long id, @BeanParam ValuationFields valuation) {
        verification.revalue(id, valuation.parse("valuation.", false), null);
        return Response.seeOther(Routes.withNotice(Routes.evaluatorFiling(tenant, id), "revalued")).build();
    }

    /** The filing again with the form as it was filled in; a ticked box is sent whatever its value. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        Map<String, String> form = refusal.typedFields("method", "reportReference", "evidenceSha256");
        for (String box : List.of("share", "mixture", "operatingProfit")) {
            form.put(box, refusal.typed().containsKey(box) ? "on" : "");
        }
        ScalingLawInput.FIELDS.forEach(field -> form.put(field, refusal.typed(field)));
        return page(refusal.path("tenant"), Long.parseLong(refusal.path("id")), form, refusal.problems(), null);
    }

    private TemplateInstance page(String tenant, long id, Map<String, String> typed, List<Problem> problems, String notice) {
        VerificationService.Addressed addressed = verification.addressed(id);
        String name = QuarkusTransaction.joiningExisting().call(() -> Tenant.<Tenant>findById(tenant).name);
        Map<String, String> form = new LinkedHashMap<>(typed);
        if (ScalingLawInput.FIELDS.stream().noneMatch(form::containsKey)) {
            // nothing typed or brought: the valuation the standing attestation carries, to change from
            addressed.attestations().stream().filter(AttestationView::valid).map(AttestationView::valuation)
                    .filter(java.util.Objects::nonNull).findFirst().ifPresent(v -> form.putAll(fields(v)));
        }
        Map<String, String> fieldProblems = new LinkedHashMap<>();
        for (Problem p : problems) {
            if (p.where() != null && p.where().startsWith("valuation.")) {
                fieldProblems.putIfAbsent(p.where().substring("valuation.".length()), p.message());
            }
        }
        return Templates.filing(name, addressed, form, problems, fieldProblems, notice,
                Routes.scalingLawFor(tenant, addressed.filing().id()));
    }

    /** A valuation's inputs as the form's fields. */
    private static Map<String, String> fields(ValuationView v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fit.preset", v.method());
        m.put("fit.E", ScalingLaw.text(v.fit().E()));
        m.put("fit.A", ScalingLaw.text(v.fit().A()));
        m.put("fit.alpha", ScalingLaw.text(v.fit().alpha()));
        m.put("fit.B", ScalingLaw.text(v.fit().B()));
        m.put("fit.beta", ScalingLaw.text(v.fit().beta()));
        m.put("model.N", ScalingLaw.text(v.model().N()));
        m.put("model.D", ScalingLaw.text(v.model().D()));
        m.put("baseline.N0", ScalingLaw.text(v.baseline().N0()));
        m.put("baseline.D0", ScalingLaw.text(v.baseline().D0()));
        return m;
    }

}
