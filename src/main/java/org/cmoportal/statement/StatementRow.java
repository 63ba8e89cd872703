package org.cmoportal.statement;

import org.cmoportal.money.Rounding;

/**
 * One line of a published statement, with its category's stored amount, fee and net from the filing, so
 * the page can read top-down from the category's money to the member's share.
 */
public record StatementRow(long id, long filingId, String builder, String model, String category, String categoryName,
        long units, long categoryUnits, long amount, long categoryAmount, long categoryFee, long categoryNet) {

    /**
     * The line's amount grossed up to before the CMO's fee: half_even(amount × category amount / category net).
     * A display figure for the top-down summary; the fee line is this minus the amount, so the two always add up.
     */
    public long beforeFee() {
        if (categoryNet <= 0) {
            return amount;
        }
        if (amount <= categoryNet) { // always, for a share of the category's net: exact 128-bit arithmetic, no BigInteger
            return Rounding.halfEvenOfProduct(categoryAmount, amount, categoryNet);
        }
        return Rounding.halfEven(java.math.BigInteger.valueOf(amount).multiply(java.math.BigInteger.valueOf(categoryAmount)),
                java.math.BigInteger.valueOf(categoryNet));
    }

    public String categoryLabel() {
        return categoryName == null ? category : categoryName;
    }
}
