package org.cmoportal.tenant;

import java.util.List;

/** What the operator gives to create a tenant (api.md {@code POST /api/v1/tenants}); strings as typed. */
public record TenantSetup(String slug, String name, String currency, String adminFeeRate, ShareBand shareBand,
        List<CategorySetup> categories) {

    /** The accepted data-value share band; economics.md's default is [0.20, 0.50]. */
    public record ShareBand(String min, String max) {
    }

    /** One administered category; rule defaults to PRO_RATA_UNITS. */
    public record CategorySetup(String key, String name, String rule) {
    }
}
