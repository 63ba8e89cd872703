package org.cmoportal.money;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code allocate(total, w)}: the largest-remainder split of an integer total over weighted keys, exact,
 * with ties going to the smaller key in Unicode code point order. The parts always add up to the total.
 */
public final class Allocation {

    private Allocation() {
    }

    /**
     * Splits {@code total} over {@code keys} in proportion to {@code weights} (same length, keys distinct).
     *
     * @return the parts, index for index with the keys
     * @throws IllegalArgumentException for a negative total or weight, all-zero weights, no keys, duplicate
     *                                  keys, or weights whose sum exceeds {@code Long.MAX_VALUE}
     */
    public static long[] allocate(long total, String[] keys, long[] weights) {
        if (keys.length != weights.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + weights.length + " weights");
        }
        Set<String> seen = new HashSet<>(keys.length * 2);
        for (String key : keys) {
            if (!seen.add(key)) {
                throw new IllegalArgumentException("key \"" + key + "\" appears twice; add its weights up first");
            }
        }
        return split(total, weights, keys);
    }

    /**
     * Splits {@code total} over weights whose keys are listed in ascending code point order (the caller
     * has sorted them), so a tie goes to the smaller index. This is the fast path for a million refs.
     */
    public static long[] allocateInKeyOrder(long total, long[] weights) {
        return split(total, weights, null);
    }

    /** Map form: the parts, in code point order of the keys. */
    public static Map<String, Long> allocate(long total, Map<String, Long> weights) {
        String[] keys = weights.keySet().toArray(new String[0]);
        Arrays.sort(keys, CodePointOrder.INSTANCE);
        long[] w = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            w[i] = weights.get(keys[i]);
        }
        long[] parts = split(total, w, null);
        Map<String, Long> result = new LinkedHashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            result.put(keys[i], parts[i]);
        }
        return result;
    }

    private static long[] split(long total, long[] weights, String[] keysForTies) {
        int n = weights.length;
        if (total < 0) {
            throw new IllegalArgumentException("cannot allocate a negative total: " + total);
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot allocate " + total + " over no keys");
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long w = weights[i];
            if (w < 0) {
                throw new IllegalArgumentException("weight " + w + " at position " + i + " is negative");
            }
            try {
                sum = Math.addExact(sum, w);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the weights add up to more than " + Long.MAX_VALUE
                        + "; they cannot be allocated exactly");
            }
        }
        if (sum == 0) {
            throw new IllegalArgumentException("all " + n + " weights are zero; allocate needs at least one positive weight");
        }

        long[] parts = new long[n];
        // remainders[k] / sum is key k's fractional part; all share the denominator, so compare numerators.
        long[] remainders = new long[n];
        long[] qr = new long[2];
        long floors = 0;
        for (int i = 0; i < n; i++) {
            Exact.mulDiv(total, weights[i], sum, qr);
            parts[i] = qr[0];
            remainders[i] = qr[1];
            floors += qr[0];
        }
        long missing = total - floors;
        if (missing == 0) {
            return parts;
        }
        // missing < n: the fractional parts add up to exactly `missing`, each below 1.
        long[] sorted = remainders.clone();
        Arrays.sort(sorted);
        long threshold = sorted[n - (int) missing];
        long above = 0;
        int tied = 0;
        for (int i = 0; i < n; i++) {
            if (remainders[i] > threshold) {
                parts[i]++;
                above++;
            } else if (remainders[i] == threshold) {
                tied++;
            }
        }
        int needed = (int) (missing - above);
        int[] tiedIndexes = new int[tied];
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (remainders[i] == threshold) {
                tiedIndexes[t++] = i;
            }
        }
        if (keysForTies != null && needed < tied) {
            Integer[] boxed = new Integer[tied];
            for (int i = 0; i < tied; i++) {
                boxed[i] = tiedIndexes[i];
            }
            Arrays.sort(boxed, (x, y) -> CodePointOrder.compareStrings(keysForTies[x], keysForTies[y]));
            for (int i = 0; i < tied; i++) {
                tiedIndexes[i] = boxed[i];
            }
        }
        for (int i = 0; i < needed; i++) {
            parts[tiedIndexes[i]]++;
        }
        return parts;
    }
}
