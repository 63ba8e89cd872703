package org.cmoportal.error;

/** One thing wrong with a request: where it is ({@code usage.csv line 17}, {@code mixtureWeights.news}) and what to do. */
public record Problem(String where, String message) {
}
