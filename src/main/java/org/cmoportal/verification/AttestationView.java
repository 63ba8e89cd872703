package org.cmoportal.verification;

import java.time.Instant;
import java.util.List;

import org.cmoportal.valuation.ValuationView;

/**
 * An attestation as pages and JSON show it.
 *
 * @param valid     standing: not voided, bound to the filing's current content and to its valuation, by an evaluator
 *                  the tenant trusts
 * @param valuation the scaling-law valuation it carries, or null
 */
public record AttestationView(Long id, Long filingId, String evaluator, String evaluatorSlug, List<String> figures,
        String method, String reportReference, String evidenceSha256, String filingSha256, String attestedBy,
        Instant attestedAt, boolean valid, Instant voidedAt, String voidReason, ValuationView valuation) {

    /** "operating profit, data-value share" for a short line. */
    public String figuresText() {
        return String.join(", ", figures);
    }
}
