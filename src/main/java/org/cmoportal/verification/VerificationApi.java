package org.cmoportal.verification;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.valuation.ScalingLawInput;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Verification in one tenant through the API: settings, a filing's checks, attestations. A period's verification is
 * answered with the period ({@code period/PeriodApi}).
 */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VerificationApi {

    /** The body of {@code PUT /verification}: either setting, or both. */
    public record SettingsRequest(Boolean requiresAttestation, String valuationTolerance) {
    }

    /** The body of {@code POST /trusted-evaluators}. */
    public record TrustRequest(String evaluator) {
    }

    /** A filing as its evaluator reads it: figures and mixture, in major units and rates as strings. */
    public record EvaluatorFilingJson(long id, String builder, String model, String period, int seq, String status,
            String currency, String revenue, String servingCost, String postTrainingCost, String operatingProfit,
            String dataValueShare, String pool, Map<String, String> mixtureWeights, String contentSha256,
            List<AttestationView> attestations) {
        static EvaluatorFilingJson of(VerificationService.Addressed a) {
            StoredFiling f = a.filing();
            Map<String, String> mixture = new LinkedHashMap<>();
            f.mixtureRates().forEach((k, w) -> mixture.put(k, w.toString()));
            CurrencyUnit cu = f.currencyUnit();
            return new EvaluatorFilingJson(f.id(), f.builderName(), f.model(), f.periodLabel(), f.seq(), f.status(),
                    f.currency(), Amounts.format(f.revenue(), cu), Amounts.format(f.servingCost(), cu),
                    Amounts.format(f.postTrainingCost(), cu), Amounts.format(f.operatingProfit(), cu), f.shareText(),
                    Amounts.format(f.pool(), cu), mixture, f.contentSha256(), a.attestations());
        }
    }

    @Inject
    TrustSettings settings;

    @Inject
    VerificationService verification;

    @Inject
    CurrentUser user;

    @GET
    @Path("verification")
    @TenantAccess(Party.ADMIN)
    public TrustSettings.Settings settings() {
        return settings.settings();
    }

    @PUT
    @Path("verification")
    @TenantAccess(Party.ADMIN)
    public TrustSettings.Settings update(SettingsRequest request) {
        if (request == null || request.requiresAttestation() == null && request.valuationTolerance() == null) {
            throw org.cmoportal.error.DomainException.invalid("requiresAttestation", "Say true or false, or give valuationTolerance"
                    + " (a share between 0 and 1, for example \"0.02\").");
        }
        if (request.valuationTolerance() != null) {
            settings.valuationTolerance(request.valuationTolerance());
        }
        if (request.requiresAttestation() != null) {
            settings.requireAttestation(request.requiresAttestation());
        }
        return settings.settings();
    }

    @POST
    @Path("trusted-evaluators")
    @TenantAccess(Party.ADMIN)
    public Response trust(TrustRequest request) {
        settings.trust(request == null ? null : request.evaluator());
        return Response.status(Response.Status.CREATED).entity(settings.settings()).build();
    }

    @DELETE
    @Path("trusted-evaluators/{evaluator}")
    @TenantAccess(Party.ADMIN)
    public TrustSettings.Settings distrust(@PathParam("evaluator") String evaluator) {
        settings.distrust(evaluator);
        return settings.settings();
    }

    @GET
    @Path("filings/{id}/verification")
    @TenantAccess(Party.ADMIN)
    public FilingVerification filing(@PathParam("id") long id) {
        return verification.verification(id);
    }

    /** The administrator gets every attestation of the filing; an evaluator the filing and its own, if addressed. */
    @GET
    @Path("filings/{id}/attestations")
    @TenantAccess({Party.ADMIN, Party.EVALUATOR})
    public Object attestations(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        if (user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant)) {
            return verification.verification(id).attestations();
        }
        return EvaluatorFilingJson.of(verification.addressed(id));
    }

    /**
     * Replaces the valuation the caller's standing attestation carries: body {@code {fit, model, baseline, valuationSha256?}}
     * as the calculator's API takes it; answers the attestation that now stands.
     */
    @PUT
    @Path("filings/{id}/attestations/valuation")
    @TenantAccess(Party.EVALUATOR)
    public AttestationView revalue(@PathParam("id") long id, JsonNode body) {
        JsonNode sent = body == null ? null : body.get("valuationSha256");
        Attestation a = verification.revalue(id, ScalingLawInput.fromJson(body, ""), sent == null || !sent.isTextual() ? null : sent.asText());
        return verification.addressed(id).attestations().stream().filter(v -> v.id().equals(a.id)).findFirst().orElseThrow();
    }

    @POST
    @Path("filings/{id}/attestations")
    @TenantAccess(Party.EVALUATOR)
    public Response attest(@PathParam("tenant") String tenant, @PathParam("id") long id, AttestationRequest request) {
        Attestation a = verification.attest(id, request);
        AttestationView view = verification.addressed(id).attestations().stream().filter(v -> v.id().equals(a.id))
                .findFirst().orElseThrow();
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/filings/" + id + "/attestations")).entity(view).build();
    }
}
