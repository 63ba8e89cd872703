package org.cmoportal.money;

/** A rate string that is not an exact decimal in [0, 1] with at most 6 fraction digits; the message says why. */
public class RateFormatException extends IllegalArgumentException {

    public RateFormatException(String message) {
        super(message);
    }
}
