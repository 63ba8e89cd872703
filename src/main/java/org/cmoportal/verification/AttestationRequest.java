package org.cmoportal.verification;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an evaluator records: the figures it verified, how, its report and the digest of the evidence it holds.
 *
 * @param filingSha256    optional: the filing content hash the evaluator looked at; refused if the filing changed since
 * @param valuation       optional: a scaling-law valuation of the share, {@code {fit, model, baseline}} as the calculator's API takes it
 * @param valuationSha256 optional: the valuation's digest as the evaluator computed it; refused if the portal's differs
 */
public record AttestationRequest(Boolean dataValueShare, Boolean mixture, Boolean operatingProfit, String method,
        String reportReference, String evidenceSha256, String filingSha256, JsonNode valuation, String valuationSha256) {

    /** An attestation without a valuation. */
    public AttestationRequest(Boolean dataValueShare, Boolean mixture, Boolean operatingProfit, String method,
            String reportReference, String evidenceSha256, String filingSha256) {
        this(dataValueShare, mixture, operatingProfit, method, reportReference, evidenceSha256, filingSha256, null, null);
    }
}
