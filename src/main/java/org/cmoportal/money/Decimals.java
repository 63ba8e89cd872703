package org.cmoportal.money;

/** The strict decimal syntax shared by amounts and rates: ASCII digits, at most one '.', nothing else. */
final class Decimals {

    private Decimals() {
    }

    /** The text quoted for an error message, shortened so a pasted megabyte does not end up in a log line. */
    static String quote(String text) {
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return "\"" + shown + "\"";
    }

    /**
     * Checks the syntax and returns the position of the '.' or -1; the problem, if any, goes into the
     * message of the exception built by {@code error}.
     */
    static int checkSyntax(String text, String what, String example, java.util.function.Function<String, RuntimeException> error) {
        if (text == null) {
            throw error.apply(what + " is missing; write it like " + example);
        }
        if (text.isBlank()) {
            throw error.apply(what + " is empty; write it like " + example);
        }
        if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))
                || Character.isSpaceChar(text.charAt(0)) || Character.isSpaceChar(text.charAt(text.length() - 1))) {
            throw error.apply(quote(text) + " has white space around it; remove it");
        }
        char first = text.charAt(0);
        if (first == '-' || first == '+') {
            throw error.apply(quote(text) + " has a sign; " + what + "s are never negative, write it without " + first);
        }
        int dot = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (dot >= 0) {
                    throw error.apply(quote(text) + " has more than one '.'; write one decimal point, like " + example);
                }
                dot = i;
            } else if (c < '0' || c > '9') {
                throw error.apply(quote(text) + " contains '" + new String(Character.toChars(text.codePointAt(i)))
                        + "'; write only digits 0-9 and one '.' as decimal point, no grouping or exponent, like " + example);
            }
        }
        if (dot == 0) {
            throw error.apply(quote(text) + " needs a digit before the decimal point: 0" + text);
        }
        if (dot == text.length() - 1) {
            throw error.apply(quote(text) + " ends with a decimal point; drop it or add digits after it");
        }
        return dot;
    }
}
