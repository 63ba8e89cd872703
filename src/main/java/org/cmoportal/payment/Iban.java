package org.cmoportal.payment;

import java.util.Map;
import java.util.Optional;

/**
 * An International Bank Account Number (ISO 13616): a country code, two check digits and the country's basic bank
 * account number, of the length the IBAN registry gives that country, whose mod-97 check (ISO 7064) is 1. Given
 * with or without spaces, in any case; kept in its electronic form (upper case, no spaces).
 */
public final class Iban {

    /** The length of an IBAN per country, from the IBAN registry. */
    static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
            Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
            Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
            Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
            Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
            Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LC", 32),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("LY", 25),
            Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MN", 20),
            Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
            Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("RU", 33),
            Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
            Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    private final String value;

    private Iban(String value) {
        this.value = value;
    }

    /**
     * The IBAN as given (spaces anywhere, any case), checked.
     *
     * @throws IllegalArgumentException with a message a person can act on
     */
    public static Iban parse(String text) {
        String electronic = electronic(text);
        problem(electronic).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return new Iban(electronic);
    }

    /** What is wrong with {@code text} as an IBAN, or empty when it is one. */
    public static Optional<String> check(String text) {
        return problem(electronic(text));
    }

    private static String electronic(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\u00A0' && c != '\t') {
                b.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
            }
        }
        return b.toString();
    }

    private static Optional<String> problem(String iban) {
        if (iban.isEmpty()) {
            return Optional.of("Give the IBAN, for example DE89 3704 0044 0532 0130 00.");
        }
        for (int i = 0; i < iban.length(); i++) {
            char c = iban.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return Optional.of("An IBAN holds only letters and digits; character " + (i + 1) + " is '" + c + "'.");
            }
        }
        if (iban.length() < 4 || !Character.isLetter(iban.charAt(0)) || !Character.isLetter(iban.charAt(1))
                || !Character.isDigit(iban.charAt(2)) || !Character.isDigit(iban.charAt(3))) {
            return Optional.of("An IBAN starts with a two-letter country code and two check digits, for example DE89.");
        }
        String country = iban.substring(0, 2);
        Integer length = LENGTHS.get(country);
        if (length == null) {
            return Optional.of("'" + country + "' is not a country that uses IBANs; check the first two letters.");
        }
        if (iban.length() != length) {
            return Optional.of("An IBAN of " + country + " has " + length + " characters; this one has " + iban.length()
                    + ". Check for a missing or extra character.");
        }
        if (mod97(iban) != 1) {
            return Optional.of("The check digits do not match the rest of the IBAN (ISO 13616 mod-97): a character is"
                    + " mistyped or two are swapped. Copy it again from a bank statement.");
        }
        return Optional.empty();
    }

    /** ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end, letters as 10 to 35. */
    static int mod97(String iban) {
        int remainder = 0;
        for (int i = 0; i < iban.length(); i++) {
            char c = iban.charAt((i + 4) % iban.length());
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = v < 10 ? (remainder * 10 + v) % 97 : (remainder * 100 + v) % 97;
        }
        return remainder;
    }

    /** The electronic form: upper case, no spaces ({@code DE89370400440532013000}). */
    public String value() {
        return value;
    }

    public String country() {
        return value.substring(0, 2);
    }

    /** The paper form: groups of four ({@code DE89 3704 0044 0532 0130 00}). */
    public String grouped() {
        return group(value);
    }

    /**
     * As pages, answers and the audit log show it: groups of four, the first four and the last four characters
     * shown, every other one a star ({@code DE89 **** **** **** **30 00}).
     */
    public String masked() {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            b.append(i < 4 || i >= value.length() - 4 ? value.charAt(i) : '*');
        }
        return group(b.toString());
    }

    private static String group(String s) {
        StringBuilder b = new StringBuilder(s.length() + s.length() / 4);
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(s.charAt(i));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return masked(); // never the whole number in a log line or a message by accident
    }
}
