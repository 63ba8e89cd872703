package org.cmoportal.statement;

import java.util.List;

import org.cmoportal.money.Rate;

/** A filing's stored figures and its whole mixture, as the trail shows them. */
public record FilingRecord(long id, String builder, String model, long revenue, long servingCost, long postTrainingCost,
        Rate dataValueShare, long operatingProfit, long pool, long tenantGross, String attestationEvaluator,
        String attestationReference, List<CategoryRecord> categories) {

    /** One category of the filing's mixture with its stored split (fee, net, units only where administered). */
    public record CategoryRecord(String key, Rate weight, long amount, boolean administered, long fee, long net, long units) {
    }

    public CategoryRecord category(String key) {
        return categories.stream().filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("filing " + id + " has no category " + key));
    }
}
