package org.cmoportal.distribution;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cmoportal.money.Fraction;

/**
 * economics.md, "Stakes and control rights": a member ref's beneficial stake in a model is its cumulative payout from
 * the model's filings over the cumulative payout to every member from them, as an exact fraction. A model nobody was
 * paid from has no stakes.
 */
public final class Stakes {

    private Stakes() {
    }

    /** One ref's stake: {@code payout / total}; zero when the model paid nothing. */
    public static Fraction of(BigInteger payout, BigInteger total) {
        requireNonNegative(payout, "a member's cumulative payout");
        requireNonNegative(total, "the model's cumulative payout");
        if (payout.compareTo(total) > 0) {
            throw new IllegalArgumentException("a member's cumulative payout " + payout + " exceeds the model's " + total);
        }
        return total.signum() == 0 ? Fraction.ZERO : Fraction.of(payout, total);
    }

    /** Every ref's stake, in the order given; the stakes of a model with payouts sum to exactly 1. */
    public static Map<String, Fraction> of(Map<String, BigInteger> payouts) {
        BigInteger total = BigInteger.ZERO;
        for (BigInteger p : payouts.values()) {
            requireNonNegative(p, "a member's cumulative payout");
            total = total.add(p);
        }
        Map<String, Fraction> stakes = new LinkedHashMap<>();
        if (total.signum() == 0) {
            return stakes;
        }
        for (Map.Entry<String, BigInteger> e : payouts.entrySet()) {
            stakes.put(e.getKey(), Fraction.of(e.getValue(), total));
        }
        return stakes;
    }

    private static void requireNonNegative(BigInteger value, String what) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " is negative (" + value + "); restatements never take more than was paid");
        }
    }
}
