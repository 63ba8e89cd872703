package org.cmoportal.money;

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

    private static int fixUp(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    @Override
    public int compare(String a, String b) {
        return compareStrings(a, b);
    }
}
