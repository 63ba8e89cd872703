package org.cmoportal.money;

import java.math.BigDecimal;

/**
 * Reads and writes amounts: decimal strings in major units on the outside, {@code long} minor units inside.
 */
public final class Amounts {

    /**
     * The largest amount the portal accepts, in minor units: {@code Long.MAX_VALUE / 1_000_000}
     * (92,233,720,368.54 USD). An amount times a rate in millionths then always fits a {@code long},
     * so every product on the money path is exact without overflow checks on each line.
     */
    public static final long MAX_MINOR_UNITS = Long.MAX_VALUE / 1_000_000L;

    private Amounts() {
    }

    /**
     * Parses a non-negative amount in major units ("1234.50") into minor units (123450 for USD).
     *
     * @throws AmountFormatException with a message a person can act on: blank, sign, stray characters,
     *                               too many fraction digits for the currency, above {@link #MAX_MINOR_UNITS}
     */
    public static long parse(String text, CurrencyUnit currency) {
        String example = currency.exponent() == 0 ? "1234" : "1234." + "5000".substring(0, currency.exponent());
        int dot = Decimals.checkSyntax(text, "amount", example, AmountFormatException::new);
        int intEnd = dot < 0 ? text.length() : dot;
        int fractionDigits = dot < 0 ? 0 : text.length() - dot - 1;
        if (fractionDigits > currency.exponent()) {
            throw new AmountFormatException(Decimals.quote(text) + " has " + fractionDigits + " fraction digit"
                    + (fractionDigits == 1 ? "" : "s") + "; " + currency.code() + " allows "
                    + (currency.exponent() == 0 ? "none" : "at most " + currency.exponent()));
        }
        long value = 0;
        for (int i = 0; i < intEnd; i++) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > MAX_MINOR_UNITS) {
                throw tooLarge(text, currency);
            }
        }
        for (int d = 0; d < currency.exponent(); d++) {
            int pos = intEnd + 1 + d;
            int digit = pos < text.length() ? text.charAt(pos) - '0' : 0;
            value = value * 10 + digit;
            if (value > MAX_MINOR_UNITS) {
                throw tooLarge(text, currency);
            }
        }
        return value;
    }

    private static AmountFormatException tooLarge(String text, CurrencyUnit currency) {
        return new AmountFormatException(Decimals.quote(text) + " is above the largest amount the portal accepts, "
                + format(MAX_MINOR_UNITS, currency) + " " + currency.code());
    }

    /**
     * Checks that an amount computed or stored elsewhere is within {@code [0, MAX_MINOR_UNITS]}.
     *
     * @param what names the figure in the message, e.g. "revenue"
     */
    public static long requireValid(long minorUnits, String what) {
        if (minorUnits < 0) {
            throw new IllegalArgumentException(what + " is " + minorUnits + " minor units; amounts are never negative");
        }
        if (minorUnits > MAX_MINOR_UNITS) {
            throw new IllegalArgumentException(what + " is " + minorUnits + " minor units, above the limit of "
                    + MAX_MINOR_UNITS);
        }
        return minorUnits;
    }

    /**
     * Formats minor units as a plain decimal in major units with exactly the currency's fraction digits,
     * for JSON, CSV and pages: 123450 USD gives "1234.50", 1234 JPY gives "1234". Negative amounts
     * (adjustments) get a leading '-'.
     */
    public static String format(long minorUnits, CurrencyUnit currency) {
        return toBigDecimal(minorUnits, currency).toPlainString();
    }

    /** Like {@link #format} with a ',' between groups of three digits, as economics.md writes them: "1,250,000.00". */
    public static String formatGrouped(long minorUnits, CurrencyUnit currency) {
        String plain = format(minorUnits, currency);
        int start = plain.startsWith("-") ? 1 : 0;
        int dot = plain.indexOf('.');
        int intEnd = dot < 0 ? plain.length() : dot;
        StringBuilder out = new StringBuilder(plain.length() + 8).append(plain, 0, start);
        for (int i = start; i < intEnd; i++) {
            if (i > start && (intEnd - i) % 3 == 0) {
                out.append(',');
            }
            out.append(plain.charAt(i));
        }
        return out.append(plain, intEnd, plain.length()).toString();
    }

    /** The exact major-unit value, scale = the currency's exponent (for numeric columns and reports). */
    public static BigDecimal toBigDecimal(long minorUnits, CurrencyUnit currency) {
        return BigDecimal.valueOf(minorUnits, currency.exponent());
    }
}
