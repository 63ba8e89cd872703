package org.cmoportal.money;

import java.util.Currency;
import java.util.Objects;

/**
 * A currency with its ISO 4217 exponent: how many minor units make one major unit (USD 2, JPY 0, BHD 3).
 */
public record CurrencyUnit(String code, int exponent) {

    public CurrencyUnit {
        Objects.requireNonNull(code, "code");
        if (exponent < 0 || exponent > 4) {
            // ISO 4217 exponents in use are 0 to 4; anything else is a programming error.
            throw new IllegalArgumentException("currency " + code + " has exponent " + exponent + "; expected 0 to 4");
        }
    }

    /**
     * The currency with this ISO 4217 code, exponent taken from the JDK's currency data.
     *
     * @throws IllegalArgumentException if the code is unknown or the currency has no minor unit (XAU, XXX)
     */
    public static CurrencyUnit of(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("currency code is missing; give an ISO 4217 code such as USD");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + code + "\" is not an ISO 4217 currency code such as USD, EUR or JPY");
        }
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException("currency " + code + " has no minor unit (ISO 4217 exponent N.A.); it cannot hold payouts");
        }
        return new CurrencyUnit(currency.getCurrencyCode(), digits);
    }

    /** 10 to the power of the exponent: minor units per major unit. */
    public long minorPerMajor() {
        long f = 1;
        for (int i = 0; i < exponent; i++) {
            f *= 10;
        }
        return f;
    }

    @Override
    public String toString() {
        return code;
    }
}
