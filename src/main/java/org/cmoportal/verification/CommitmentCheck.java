package org.cmoportal.verification;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a filing's mixture compared with the builder's commitments for the model when it was stored.
 *
 * @param committedSha256 the matching commitment, or on a mismatch the latest one; null when there was none
 */
public record CommitmentCheck(Status status, String mixtureSha256, String committedSha256) {

    /** NONE: the builder committed to nothing for this model; MATCH; MISMATCH: flagged for the administrator. */
    public enum Status { NONE, MATCH, MISMATCH }

    @JsonProperty
    public boolean mismatch() {
        return status == Status.MISMATCH;
    }

    /** What the administrator reads, with both digests, or null when there is nothing to flag. */
    @JsonProperty
    public String message() {
        return mismatch() ? "the mixture does not match the builder's commitment: filed " + mixtureSha256
                + ", committed " + committedSha256 : null;
    }
}
