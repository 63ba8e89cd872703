package org.cmoportal.valuation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The scaling-law calculator through the API (api.md): the same checks and the same engine as the page. Nothing is
 * stored; an evaluator attaches a valuation to an attestation of a filing ({@code verification/}).
 */
@Path("/api/v1/valuation/scaling-law")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.EVALUATOR, Roles.CMO_ADMIN, Roles.BUILDER})
public class ValuationApi {

    /** {@code {dataValueShare, phiData, phiParams}} and the rest of the valuation's view. */
    @POST
    public ValuationView value(JsonNode body) {
        ScalingLawInput.Parsed parsed = ScalingLawInput.fromJson(body, "");
        if (!parsed.given()) {
            throw DomainException.invalid("body", "Send {\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 7e10, \"D\": 1.4e12},"
                    + " \"baseline\": {\"N0\": 7e9, \"D0\": 1.4e11}} (or your own constants E, A, alpha, B, beta in fit).");
        }
        return ValuationView.of(parsed.orThrow());
    }
}
