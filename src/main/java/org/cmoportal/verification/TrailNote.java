package org.cmoportal.verification;

import java.time.Instant;
import java.util.List;

/**
 * One line of a member's statement trail about verification: whether the filing behind the money was
 * attested, and by whom.
 */
public record TrailNote(long filingId, boolean attested, List<String> evaluators, List<String> reportReferences,
        Instant attestedAt) {

    /** "attested by Example Evals (report-2026-117)" or "not attested by an independent evaluator". */
    public String text() {
        if (!attested) {
            return "not attested by an independent evaluator";
        }
        StringBuilder s = new StringBuilder("attested by ");
        for (int i = 0; i < evaluators.size(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(evaluators.get(i)).append(" (").append(reportReferences.get(i)).append(')');
        }
        return s.toString();
    }
}
