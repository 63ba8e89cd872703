package org.cmoportal.verification;

/**
 * What an evaluator records: the figures it verified, how, its report and the digest of the evidence it holds.
 *
 * @param filingSha256 optional: the filing content hash the evaluator looked at; refused if the filing changed since
 */
public record AttestationRequest(Boolean dataValueShare, Boolean mixture, Boolean operatingProfit, String method,
        String reportReference, String evidenceSha256, String filingSha256) {
}
