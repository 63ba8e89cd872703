package org.cmoportal.statement;

import java.util.List;

import org.cmoportal.money.Rate;

/**
 * A filing's stored figures and its whole mixture, as the trail shows them.
 *
 * @param valuations the scaling-law valuations attested when the statement was published, each as a sentence: "data-value
 *                   share 0.30 filed; scaling-law valuation 0.29 (Hoffmann 2022 fit, baseline N/10, D/10) attested by
 *                   Example Evals"
 */
public record FilingRecord(long id, String builder, String model, long revenue, long servingCost, long postTrainingCost,
        Rate dataValueShare, long operatingProfit, long pool, long tenantGross, String attestationEvaluator,
        String attestationReference, List<CategoryRecord> categories, List<String> valuations) {

    /** A filing without valuations. */
    public FilingRecord(long id, String builder, String model, long revenue, long servingCost, long postTrainingCost,
            Rate dataValueShare, long operatingProfit, long pool, long tenantGross, String attestationEvaluator,
            String attestationReference, List<CategoryRecord> categories) {
        this(id, builder, model, revenue, servingCost, postTrainingCost, dataValueShare, operatingProfit, pool, tenantGross,
                attestationEvaluator, attestationReference, categories, List.of());
    }

    /** One category of the filing's mixture with its stored split (fee, net, units only where administered). */
    public record CategoryRecord(String key, Rate weight, long amount, boolean administered, long fee, long net, long units) {
    }

    public CategoryRecord category(String key) {
        return categories.stream().filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("filing " + id + " has no category " + key));
    }
}
