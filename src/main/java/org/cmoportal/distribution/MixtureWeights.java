package org.cmoportal.distribution;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;
import org.cmoportal.money.RateFormatException;

/** A model's whole training mixture: category to weight, weights summing to exactly 1 (6 digits). */
public record MixtureWeights(Map<String, Rate> weights) {

    public MixtureWeights {
        if (weights == null || weights.isEmpty()) {
            throw new CalculationInputException("mixtureWeights", "no categories; list the whole training mixture, weights summing to 1");
        }
        TreeMap<String, Rate> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
        long sum = 0;
        for (Map.Entry<String, Rate> e : weights.entrySet()) {
            Keys.require(e.getKey(), "category key", "mixtureWeights");
            if (e.getValue() == null) {
                throw new CalculationInputException("mixtureWeights." + e.getKey(), "weight is missing");
            }
            sorted.put(e.getKey(), e.getValue());
            sum += e.getValue().millionths();
        }
        if (sum != Rate.ONE_MILLIONTHS) {
            throw new CalculationInputException("mixtureWeights", "the weights sum to "
                    + java.math.BigDecimal.valueOf(sum, 6).stripTrailingZeros().toPlainString() + "; they must sum to exactly 1");
        }
        weights = Collections.unmodifiableMap(sorted);
    }

    /** Parses {@code category -> "0.25"} strings; a bad weight is reported as {@code mixtureWeights.<category>}. */
    public static MixtureWeights parse(Map<String, String> weights) {
        TreeMap<String, Rate> parsed = new TreeMap<>(CodePointOrder.INSTANCE);
        weights.forEach((key, text) -> {
            try {
                parsed.put(key, Rate.parse(text));
            } catch (RateFormatException e) {
                throw new CalculationInputException("mixtureWeights." + key, e.getMessage());
            }
        });
        return new MixtureWeights(parsed);
    }
}
