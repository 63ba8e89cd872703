package org.cmoportal.account;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * The conservation identity through the API (api.md), amounts as decimal strings; {@code holds} is whether
 * {@code difference} is zero, {@code where} says where a difference comes from.
 */
@Path("/api/v1/tenants/{tenant}/conservation")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class ConservationApi {

    /** One place the two sides part, and its part of the difference. */
    public record FindingJson(String where, String what, String amount) {
    }

    public record IdentityJson(String currency, String grossDistributed, String fees, String suspenseHeld, String balances,
            String paid, String returned, boolean holds, String difference, List<FindingJson> where) {
    }

    @Inject
    Conservation conservation;

    @GET
    public IdentityJson get() {
        Conservation.Identity i = conservation.check();
        CurrencyUnit c = i.currency();
        return new IdentityJson(c.code(), Amounts.format(i.grossDistributed(), c), Amounts.format(i.fees(), c),
                Amounts.format(i.suspenseHeld(), c), Amounts.format(i.balances(), c), Amounts.format(i.paid(), c),
                Amounts.format(i.returned(), c), i.holds(), Amounts.format(i.difference(), c),
                i.findings().stream().map(f -> new FindingJson(f.where(), f.what(), Amounts.format(f.amount(), c))).toList());
    }
}
