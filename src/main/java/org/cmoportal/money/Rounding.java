package org.cmoportal.money;

import java.math.BigInteger;
import java.math.RoundingMode;

/** The one rounding rule of the portal: half_even of an exact rational, on integers only. */
public final class Rounding {

    private Rounding() {
    }

    /**
     * Rounds numerator / denominator to the nearest integer, ties to the even one.
     *
     * @param denominator must be positive
     */
    public static long halfEven(long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive, got " + denominator);
        }
        long q = Math.floorDiv(numerator, denominator);
        long r = Math.floorMod(numerator, denominator);
        return roundUp(q, r, denominator) ? q + 1 : q;
    }

    /** half_even of an arbitrary exact rational; the result must fit a {@code long}. */
    public static long halfEven(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive, got " + denominator);
        }
        return new java.math.BigDecimal(numerator)
                .divide(new java.math.BigDecimal(denominator), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /**
     * half_even(a × b / d) computed exactly with a 128-bit intermediate product.
     *
     * @param a non-negative
     * @param b non-negative and at most d
     * @param d positive
     */
    public static long halfEvenOfProduct(long a, long b, long d) {
        if (a < 0 || b < 0 || d <= 0 || b > d) {
            throw new IllegalArgumentException("halfEvenOfProduct needs 0 <= a, 0 <= b <= d, d > 0; got a=" + a
                    + " b=" + b + " d=" + d);
        }
        long[] qr = new long[2];
        Exact.mulDiv(a, b, d, qr);
        return roundUp(qr[0], qr[1], d) ? qr[0] + 1 : qr[0];
    }

    /** Whether q + r/d (0 <= r < d) rounds up under half_even, without computing 2r (which may overflow). */
    private static boolean roundUp(long q, long r, long d) {
        long rest = d - r;
        if (r != rest) {
            return r > rest;
        }
        return (q & 1) != 0;
    }
}
