package org.cmoportal.money;

/** Exact floor((a × b) / d) with its remainder, through a 128-bit product: no floating point, no BigInteger. */
final class Exact {

    private static final long HALF = 1L << 32;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private Exact() {
    }

    /**
     * Writes floor(a × b / d) to qr[0] and (a × b) mod d to qr[1].
     * Requires a >= 0, 0 <= b <= d, d > 0, so the quotient is at most a and fits a long.
     */
    static void mulDiv(long a, long b, long d, long[] qr) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        if (hi == 0 && lo >= 0) {
            qr[0] = lo / d;
            qr[1] = lo - qr[0] * d;
            return;
        }
        divideUnsigned128(hi, lo, d, qr);
    }

    /**
     * Divides the unsigned 128-bit number hi:lo by d (unsigned, hi < d), as in Hacker's Delight "divlu":
     * two 64-by-32 steps on normalised halves, each corrected at most twice.
     */
    static void divideUnsigned128(long hi, long lo, long d, long[] qr) {
        int s = Long.numberOfLeadingZeros(d);
        long v = d << s;
        long vn1 = v >>> 32;
        long vn0 = v & LOW32;
        long un32 = (hi << s) | (s == 0 ? 0 : lo >>> (64 - s));
        long un10 = lo << s;
        long un1 = un10 >>> 32;
        long un0 = un10 & LOW32;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, HALF) >= 0 || Long.compareUnsigned(q1 * vn0, HALF * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, HALF) >= 0) {
                break;
            }
        }
        long un21 = un32 * HALF + un1 - q1 * v;

        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, HALF) >= 0 || Long.compareUnsigned(q0 * vn0, HALF * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, HALF) >= 0) {
                break;
            }
        }
        qr[0] = q1 * HALF + q0;
        qr[1] = (un21 * HALF + un0 - q0 * v) >>> s;
    }
}
