package org.cmoportal.distribution;

/** A filing accepted into a period, with what a statement line names: the filing's id, builder and model. */
public record AcceptedFiling(String filingId, String builder, String model, FilingCalculation calculation) {

    public AcceptedFiling {
        if (filingId == null || builder == null || model == null || calculation == null) {
            throw new CalculationInputException("filing", "filing id, builder, model and calculation are required");
        }
    }
}
