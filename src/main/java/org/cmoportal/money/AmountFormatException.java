package org.cmoportal.money;

/** An amount string that cannot be read as money of the given currency; the message says what to change. */
public class AmountFormatException extends IllegalArgumentException {

    public AmountFormatException(String message) {
        super(message);
    }
}
