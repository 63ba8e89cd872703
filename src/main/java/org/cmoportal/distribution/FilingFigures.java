package org.cmoportal.distribution;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.Rate;

/**
 * The figures of one filing, amounts in minor units of the tenant's currency: revenue and the model's variable
 * costs, the data-value share and the training mixture.
 */
public record FilingFigures(long revenue, long servingCost, long postTrainingCost, Rate dataValueShare,
        MixtureWeights mixtureWeights) {

    public FilingFigures {
        check(revenue, "revenue");
        check(servingCost, "servingCost");
        check(postTrainingCost, "postTrainingCost");
        if (dataValueShare == null) {
            throw new CalculationInputException("dataValueShare", "is missing");
        }
        if (mixtureWeights == null) {
            throw new CalculationInputException("mixtureWeights", "is missing");
        }
    }

    private static void check(long amount, String where) {
        try {
            Amounts.requireValid(amount, where);
        } catch (IllegalArgumentException e) {
            throw new CalculationInputException(where, e.getMessage());
        }
    }

    /** revenue - serving cost - post-training cost; negative for a loss. */
    public long operatingProfit() {
        return revenue - servingCost - postTrainingCost;
    }
}
