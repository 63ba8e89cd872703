package org.cmoportal.distribution;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;

/** What a tenant (CMO) brings to a calculation: its admin fee, share band, and the categories it administers with their rule. */
public record TenantTerms(Rate adminFeeRate, ShareBand shareBand, Map<String, DistributionRule> categories) {

    public TenantTerms {
        if (adminFeeRate == null || shareBand == null || categories == null) {
            throw new CalculationInputException("tenant", "admin fee rate, share band and categories are required");
        }
        if (categories.isEmpty()) {
            throw new CalculationInputException("tenant.categories", "the tenant administers no category");
        }
        TreeMap<String, DistributionRule> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
        categories.forEach((key, rule) -> {
            Keys.require(key, "category key", "tenant.categories");
            if (rule == null) {
                throw new CalculationInputException("tenant.categories." + key, "no distribution rule");
            }
            sorted.put(key, rule);
        });
        categories = Collections.unmodifiableMap(sorted);
    }

    /** Terms with the default share band [0.20, 0.50]. */
    public static TenantTerms of(Rate adminFeeRate, Map<String, DistributionRule> categories) {
        return new TenantTerms(adminFeeRate, ShareBand.DEFAULT, categories);
    }

    public boolean administers(String category) {
        return categories.containsKey(category);
    }
}
