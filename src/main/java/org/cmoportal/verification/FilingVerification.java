package org.cmoportal.verification;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What verification knows about one filing, for the administrator's period board and the API: attested
 * or not, consistent with the builder's filings in other CMOs, matching the builder's commitment, and how
 * the filed share compares with the scaling-law valuations its standing attestations carry.
 *
 * @param valuations          one sentence per standing attestation that carries a valuation: "data-value share
 *                            0.30 filed; scaling-law valuation 0.29 (Hoffmann 2022 fit, baseline N/10, D/10) attested
 *                            by Example Evals"
 * @param valuationDifference what differs by more than the tenant's tolerance, or null
 */
public record FilingVerification(long filingId, String builder, String model, int seq, String status,
        String dataValueShare, boolean shareFlagged, String namedEvaluator, List<AttestationView> attestations,
        SiblingCheck siblings, CommitmentCheck commitment, List<String> acceptanceProblems, List<String> valuations,
        String valuationDifference) {

    /** The filed share differs from an attested valuation by more than the tenant's tolerance. */
    @JsonProperty
    public boolean valuationDiffers() {
        return valuationDifference != null;
    }

    @JsonProperty
    public boolean attested() {
        return attestations.stream().anyMatch(AttestationView::valid);
    }

    /** "Example Evals" or "Example Evals, Other Lab": who stands behind the figures now. */
    @JsonProperty
    public String attestedBy() {
        return String.join(", ", attestations.stream().filter(AttestationView::valid).map(AttestationView::evaluator)
                .distinct().toList());
    }

    @JsonProperty
    public boolean inconsistent() {
        return siblings.inconsistent();
    }

    @JsonProperty
    public String inconsistency() {
        return siblings.message();
    }

    @JsonProperty
    public boolean commitmentMismatch() {
        return commitment.mismatch();
    }
}
