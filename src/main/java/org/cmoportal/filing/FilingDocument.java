package org.cmoportal.filing;

import java.util.Map;

/**
 * A filing as the builder wrote it ({@code filing.json} or the form), every value still the text it was given.
 * Nothing here is trusted: {@link FilingValidator} turns it into a {@link ValidFiling} or a list of problems.
 */
public record FilingDocument(String model, String period, String currency, String revenue, String servingCost,
        String postTrainingCost, String dataValueShare, Map<String, String> mixtureWeights, Attestation attestation) {

    /** An independent evaluator's attestation of the figures (optional unless the CMO requires one). */
    public record Attestation(String evaluator, String reference, String sha256) {
    }
}
