package org.cmoportal.verification;

/** A figure that an evaluator verifies and that CMOs compare across filings. */
public enum Figure {
    OPERATING_PROFIT("the operating profit"),
    DATA_VALUE_SHARE("the data-value share"),
    MIXTURE("the mixture weights");

    /** How a sentence names it: "filed differently with another CMO: the operating profit differs". */
    public final String phrase;

    Figure(String phrase) {
        this.phrase = phrase;
    }
}
