package org.cmoportal.money;

import java.math.BigDecimal;

/**
 * An exact rate in [0, 1] with at most 6 fraction digits (data-value share, mixture weight, admin fee),
 * held as a whole number of millionths.
 */
public record Rate(long millionths) implements Comparable<Rate> {

    /** Millionths in 1. */
    public static final long ONE_MILLIONTHS = 1_000_000L;
    public static final Rate ZERO = new Rate(0);
    public static final Rate ONE = new Rate(ONE_MILLIONTHS);

    public Rate {
        if (millionths < 0 || millionths > ONE_MILLIONTHS) {
            throw new IllegalArgumentException("a rate is between 0 and 1; got " + millionths + " millionths");
        }
    }

    public static Rate ofMillionths(long millionths) {
        return new Rate(millionths);
    }

    /**
     * Parses "0.3", "0.125", "1", "0.000001".
     *
     * @throws RateFormatException for blanks, signs, more than 6 fraction digits, or a value above 1
     */
    public static Rate parse(String text) {
        int dot = Decimals.checkSyntax(text, "rate", "0.125", RateFormatException::new);
        int intEnd = dot < 0 ? text.length() : dot;
        int fractionDigits = dot < 0 ? 0 : text.length() - dot - 1;
        if (fractionDigits > 6) {
            throw new RateFormatException(Decimals.quote(text) + " has " + fractionDigits
                    + " fraction digits; rates allow at most 6");
        }
        long value = 0;
        for (int i = 0; i < intEnd; i++) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > 1) {
                throw aboveOne(text);
            }
        }
        for (int d = 0; d < 6; d++) {
            int pos = intEnd + 1 + d;
            value = value * 10 + (pos < text.length() ? text.charAt(pos) - '0' : 0);
        }
        if (value > ONE_MILLIONTHS) {
            throw aboveOne(text);
        }
        return new Rate(value);
    }

    private static RateFormatException aboveOne(String text) {
        return new RateFormatException(Decimals.quote(text) + " is above 1; a rate is between 0 and 1, like 0.3 for 30%");
    }

    /** half_even(amount × this rate), exact. Amounts up to {@link Amounts#MAX_MINOR_UNITS} never overflow. */
    public long applyTo(long amountMinorUnits) {
        return Rounding.halfEvenOfProduct(amountMinorUnits, millionths, ONE_MILLIONTHS);
    }

    /** The exact value with scale 6, for {@code numeric(7,6)} columns. */
    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(millionths, 6);
    }

    /** The shortest exact decimal: "0.3", "0.125", "1", "0". */
    @Override
    public String toString() {
        if (millionths == 0) {
            return "0";
        }
        return toBigDecimal().stripTrailingZeros().toPlainString();
    }

    @Override
    public int compareTo(Rate other) {
        return Long.compare(millionths, other.millionths);
    }
}
