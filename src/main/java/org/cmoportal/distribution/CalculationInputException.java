package org.cmoportal.distribution;

/** Input the economics cannot be computed from; {@link #where()} names the field or line, the message what to do. */
public class CalculationInputException extends IllegalArgumentException {

    private final String where;

    public CalculationInputException(String where, String message) {
        super(where + ": " + message);
        this.where = where;
    }

    /** The field or line at fault, e.g. {@code mixtureWeights} or {@code usage line 17}. */
    public String where() {
        return where;
    }
}
