package org.cmoportal.money;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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
        int n = keys.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        CodePointOrder.sortIndexes(keys, order);
        long[] sortedWeights = new long[n];
        for (int i = 0; i < n; i++) {
            if (i > 0 && keys[order[i]].equals(keys[order[i - 1]])) {
                throw new IllegalArgumentException("key \"" + keys[order[i]] + "\" appears twice; add its weights up first");
            }
            sortedWeights[i] = weights[order[i]];
        }
        long[] sortedParts = split(total, sortedWeights, null);
        long[] parts = new long[n];
        for (int i = 0; i < n; i++) {
            parts[order[i]] = sortedParts[i];
        }
        return parts;
    }

    /**
     * Splits {@code total} over weights whose keys are listed in ascending code point order (the caller
     * has sorted them), so a tie goes to the smaller index. This is the fast path for a million refs.
     */
    public static long[] allocateInKeyOrder(long total, long[] weights) {
        return split(total, weights, null);
    }

    /**
     * {@link #allocateInKeyOrder}, also telling how many units of the total were left after every part was rounded
     * down, which the largest remainders then received one each ({@code leftover[0]}): a statement's trail explains a
     * line's last unit with it, and the run stores it rather than working it out again elsewhere.
     */
    public static long[] allocateInKeyOrder(long total, long[] weights, long[] leftover) {
        return split(total, weights, leftover);
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

    private static long[] split(long total, long[] weights, long[] leftover) {
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
        if (leftover != null) {
            leftover[0] = missing;
        }
        if (missing == 0) {
            return parts;
        }
        // missing < n: the fractional parts add up to exactly `missing`, each below 1. The keys with the
        // `missing` largest remainders get one unit each; among equal remainders the smaller index (= key) wins.
        long threshold = kthLargest(remainders.clone(), (int) missing);
        long above = 0;
        for (int i = 0; i < n; i++) {
            if (remainders[i] > threshold) {
                parts[i]++;
                above++;
            }
        }
        long tiesToGive = missing - above;
        for (int i = 0; i < n && tiesToGive > 0; i++) {
            if (remainders[i] == threshold) {
                parts[i]++;
                tiesToGive--;
            }
        }
        return parts;
    }

    /** The k-th largest value (k from 1), by quickselect with three-way partitioning; reorders {@code a}. */
    static long kthLargest(long[] a, int k) {
        int target = a.length - k; // index in ascending order
        int lo = 0;
        int hi = a.length - 1;
        long seed = 0x9E3779B97F4A7C15L;
        while (lo < hi) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            long pivot = a[lo + (int) Long.remainderUnsigned(seed >>> 1, hi - lo + 1)];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                if (a[i] < pivot) {
                    long t = a[lt];
                    a[lt++] = a[i];
                    a[i++] = t;
                } else if (a[i] > pivot) {
                    long t = a[gt];
                    a[gt--] = a[i];
                    a[i] = t;
                } else {
                    i++;
                }
            }
            if (target < lt) {
                hi = lt - 1;
            } else if (target > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[target];
    }
}
