package org.cmoportal.tenant;

import java.util.List;

/** A tenant as pages and the API show it: its terms, categories and administrators. */
public record TenantView(String id, String slug, String name, String currency, String adminFeeRate,
        ShareBand shareBand, boolean requiresAttestation, List<CategoryView> categories, List<String> admins) {

    /** The accepted data-value share band. */
    public record ShareBand(String min, String max) {
    }

    /** One administered category. */
    public record CategoryView(String key, String name, String rule) {
    }
}
