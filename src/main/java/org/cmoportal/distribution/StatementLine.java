package org.cmoportal.distribution;

/**
 * One line of a member's statement: what one filing paid the member in one category, with the member's units
 * and the category's units (so the member can see the share; under EQUAL_SHARES the amount ignores units).
 */
public record StatementLine(String filingId, String builder, String model, String category, DistributionRule rule,
        long units, long categoryUnits, long amount) {
}
