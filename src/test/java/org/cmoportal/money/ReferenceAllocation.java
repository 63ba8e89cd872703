package org.cmoportal.money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** economics.md's allocate written the slow, obvious way with BigInteger, to check the fast one against. */
final class ReferenceAllocation {

    private ReferenceAllocation() {
    }

    static long[] allocate(long total, String[] keys, long[] weights) {
        BigInteger sum = BigInteger.ZERO;
        for (long w : weights) {
            sum = sum.add(BigInteger.valueOf(w));
        }
        BigInteger t = BigInteger.valueOf(total);
        long[] parts = new long[keys.length];
        BigInteger[] fractions = new BigInteger[keys.length]; // numerators over `sum`
        long floors = 0;
        for (int i = 0; i < keys.length; i++) {
            BigInteger[] qr = t.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(sum);
            parts[i] = qr[0].longValueExact();
            fractions[i] = qr[1];
            floors += parts[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            order.add(i);
        }
        order.sort((x, y) -> {
            int c = fractions[y].compareTo(fractions[x]);
            if (c != 0) {
                return c;
            }
            return Arrays.compare(keys[x].codePoints().toArray(), keys[y].codePoints().toArray());
        });
        for (int i = 0; i < total - floors; i++) {
            parts[order.get(i)]++;
        }
        return parts;
    }
}
