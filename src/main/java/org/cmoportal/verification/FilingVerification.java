package org.cmoportal.verification;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What verification knows about one filing, for the administrator's period board and the API: attested
 * or not, consistent with the builder's filings in other CMOs, matching the builder's commitment.
 */
public record FilingVerification(long filingId, String builder, String model, int seq, String status,
        String dataValueShare, boolean shareFlagged, String namedEvaluator, List<AttestationView> attestations,
        SiblingCheck siblings, CommitmentCheck commitment, List<String> acceptanceProblems) {

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
