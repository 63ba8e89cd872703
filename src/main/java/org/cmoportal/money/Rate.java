package org.cmoportal.money;

import java.math.BigDecimal;

/** Placeholder until the economics engine lands: an exact rate in [0, 1] with at most 6 fraction digits. */
public record Rate(long millionths) implements Comparable<Rate> {

    public static Rate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Give a rate between 0 and 1, for example 0.10.");
        }
        if (!text.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write a decimal between 0 and 1 such as 0.125.");
        }
        BigDecimal v = new BigDecimal(text);
        if (v.scale() > 6) {
            throw new IllegalArgumentException("'" + text + "' has " + v.scale() + " fraction digits; a rate allows at most 6.");
        }
        if (v.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("'" + text + "' is above 1; a rate is between 0 and 1.");
        }
        return new Rate(v.movePointRight(6).longValueExact());
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(millionths, 6);
    }

    @Override
    public int compareTo(Rate o) {
        return Long.compare(millionths, o.millionths);
    }
}
