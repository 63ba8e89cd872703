package org.cmoportal.money;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders strings by Unicode code point, the tie order of {@code allocate}. {@link String#compareTo} compares
 * UTF-16 units instead, which puts U+10000 and above (surrogate pairs) before U+E000..U+FFFF.
 */
public final class CodePointOrder implements Comparator<String> {

    public static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    /** Negative, zero or positive as a comes before, equals or comes after b in code point order. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Only when both units are at or above U+D800 can UTF-16 order differ from code point order:
                // move surrogates (a supplementary character starts here) above U+E000..U+FFFF.
                if (x >= 0xD800 && y >= 0xD800) {
                    return fixUp(x) - fixUp(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /**
     * Sorts {@code indexes} so that {@code keys[indexes[i]]} ascend in code point order (equal keys end up
     * next to each other, in no particular order). A million keys sort in a fraction of the time a comparator
     * sort takes: each key's first characters after the common prefix are packed into a {@code long} with
     * its position, those longs are sorted as primitives, and only keys whose packed characters are equal are
     * compared as strings.
     */
    public static void sortIndexes(String[] keys, int[] indexes) {
        int n = indexes.length;
        if (n < 64) {
            IndexSort.sort(indexes, 0, n, (a, b) -> compareStrings(keys[a], keys[b]));
            return;
        }
        String first = keys[indexes[0]];
        int prefix = first.length();
        for (int i = 1; i < n && prefix > 0; i++) {
            String key = keys[indexes[i]];
            int limit = Math.min(prefix, key.length());
            int j = 0;
            while (j < limit && key.charAt(j) == first.charAt(j)) {
                j++;
            }
            prefix = j;
        }
        int positionBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        int keyBits = 63 - positionBits;
        int chars = keyBits / 7;
        int bitsPerChar = 7;
        outer:
        for (int i = 0; i < n; i++) {
            String key = keys[indexes[i]];
            int end = Math.min(key.length(), prefix + chars);
            for (int j = prefix; j < end; j++) {
                if (key.charAt(j) >= 0x80) {
                    bitsPerChar = 16;
                    chars = keyBits / 16;
                    break outer;
                }
            }
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            String key = keys[indexes[i]];
            long k = 0;
            for (int c = 0; c < chars; c++) {
                int pos = prefix + c;
                // A key that ends packs 0, below every character: the packed value never contradicts the order.
                int v = pos < key.length() ? (bitsPerChar == 7 ? key.charAt(pos) : orderPreserving(key.charAt(pos))) : 0;
                k = (k << bitsPerChar) | v;
            }
            packed[i] = (k << positionBits) | i;
        }
        Arrays.sort(packed);
        long positionMask = (1L << positionBits) - 1;
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = indexes[(int) (packed[i] & positionMask)];
        }
        int runStart = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || (packed[i] >>> positionBits) != (packed[runStart] >>> positionBits)) {
                if (i - runStart > 1) {
                    IndexSort.sort(sorted, runStart, i, (a, b) -> compareStrings(keys[a], keys[b]));
                }
                runStart = i;
            }
        }
        System.arraycopy(sorted, 0, indexes, 0, n);
    }

    /** A 16-bit value whose order is the code point order of the character starting at this UTF-16 unit. */
    private static int orderPreserving(char c) {
        return c >= 0xD800 ? fixUp(c) : c;
    }

    private static int fixUp(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    @Override
    public int compare(String a, String b) {
        return compareStrings(a, b);
    }
}
