package org.cmoportal.tenant;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * A tenant's settings as the API answers them (api.md {@code PATCH /api/v1/tenants/{t}}): {@code minimumPayout} a
 * decimal string in the tenant's currency, the others whole numbers.
 */
public record TenantSettings(String minimumPayout, int suspenseHoldMonths, int disputeWindowDays) {

    static TenantSettings of(Tenant t) {
        return new TenantSettings(Amounts.format(t.minimumPayout, CurrencyUnit.of(t.currency)), t.suspenseHoldMonths,
                t.disputeWindowDays);
    }
}
