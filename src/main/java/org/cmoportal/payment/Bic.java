package org.cmoportal.payment;

import java.util.Optional;
import java.util.regex.Pattern;

/** A bank's business identifier code (ISO 9362): 8 or 11 characters, optional beside an IBAN. */
final class Bic {

    private static final Pattern SHAPE = Pattern.compile("[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?");

    private Bic() {
    }

    /** The BIC in upper case without spaces, or null when none was given. */
    static String normalise(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** What is wrong with a normalised BIC, or empty (also when there is none). */
    static Optional<String> check(String bic) {
        if (bic == null || SHAPE.matcher(bic).matches()) {
            return Optional.empty();
        }
        return Optional.of("A BIC has 8 or 11 letters and digits: 4 letters for the bank, 2 for the country, 2 for the"
                + " place and maybe 3 for the branch (for example COBADEFFXXX). Leave it empty if you do not know it.");
    }
}
