package org.cmoportal.period;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's figures as the calculator, the approver and the API see them, in minor units.
 *
 * @param suspenseByRef   unmatched refs' shares, in code point order of the ref
 * @param suspenseByCategory nets of categories without usage, by category key
 * @param largestPayouts  the largest member totals, largest first
 */
public record RunFigures(long runId, String status, String currency, String calculatedBy, Instant calculatedAt,
        int filings, long lines, long tenantGross, long fees, long paid, long suspense,
        Map<String, Long> suspenseByRef, Map<String, Long> suspenseByCategory, List<Payee> largestPayouts) {

    /** A member and what the run pays them. */
    public record Payee(String ref, String name, long amount) {
    }
}
