package org.cmoportal.error;

import java.util.Optional;

/**
 * The one rule for names people give (members, builder organisations, tenants, evaluators): they are
 * shown on pages, in CSV and in PDF statements, and XML (hence the PDF renderer) cannot carry control
 * characters at all. So a name is refused at input, with where it is, rather than breaking a statement
 * later; what stands in the database is always printable.
 */
public final class PrintableText {

    private PrintableText() {
    }

    /** A problem at {@code where} if {@code value} holds a control character (C0, DEL, C1) or an unpaired surrogate. */
    public static Optional<Problem> check(String where, String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(new Problem(where, String.format(
                        "holds a control character (U+%04X) at position %d; remove it (names are printed on statements).",
                        (int) c, value.codePointCount(0, i) + 1)));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                return Optional.of(new Problem(where, String.format(
                        "holds a character that is not text (U+%04X) at position %d; remove it.",
                        (int) c, value.codePointCount(0, i) + 1)));
            }
        }
        return Optional.empty();
    }

    /** Refuses {@code value} with a located 422 unless it is printable. */
    public static String require(String where, String value) {
        check(where, value).ifPresent(p -> {
            throw DomainException.invalid(p.where(), p.message());
        });
        return value;
    }
}
