package org.cmoportal.distribution;

/** The rule for member refs and category keys: non-empty, at most 128 chars, no edge white space, no control chars. */
public final class Keys {

    public static final int MAX_LENGTH = 128;

    private Keys() {
    }

    /**
     * What is wrong with {@code key}, or {@code null} when it is valid. Keys are compared exactly afterwards:
     * case-sensitive, no Unicode normalisation.
     *
     * @param noun how the message names the key, e.g. "member ref"
     */
    public static String problem(String key, String noun) {
        if (key == null || key.isEmpty()) {
            return noun + " is empty";
        }
        if (key.length() > MAX_LENGTH) {
            return noun + " has " + key.length() + " characters; at most " + MAX_LENGTH + " are allowed";
        }
        if (isSpace(key.codePointAt(0)) || isSpace(key.codePointBefore(key.length()))) {
            return noun + " \"" + key + "\" starts or ends with white space; remove it";
        }
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            if (Character.getType(cp) == Character.CONTROL) {
                return noun + " contains control character U+" + String.format("%04X", cp) + " at position " + (i + 1);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Valid member ref: see {@link #problem}. */
    public static String memberRefProblem(String ref) {
        return problem(ref, "member ref");
    }

    static String require(String key, String noun, String where) {
        String problem = problem(key, noun);
        if (problem != null) {
            throw new CalculationInputException(where, problem);
        }
        return key;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
