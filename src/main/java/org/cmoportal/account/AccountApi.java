package org.cmoportal.account;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.account.MemberAccounts.Viewer;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A member's account through the API (api.md): the administrator's for any member, a member's for refs they hold. */
@Path("/api/v1/tenants/{tenant}/members/{ref}/account")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess({Party.ADMIN, Party.MEMBER})
public class AccountApi {

    /** One entry; {@code period} is the label of the period it names, left out when it names none. */
    public record EntryJson(long id, Instant at, String kind, String amount,
            @JsonInclude(JsonInclude.Include.NON_NULL) String period, String reason) {
    }

    /** The latest approved payment run's decision to carry the balance forward: the balance it carried and why. */
    public record CarriedJson(long run, Instant at, String balance, String why) {
    }

    /**
     * The account: every entry, oldest first, and the balance they add up to; {@code carried} (an addition to api.md)
     * only when the latest approved payment run carried the balance forward.
     */
    public record AccountJson(String ref, String currency, String balance, List<EntryJson> entries,
            @JsonInclude(JsonInclude.Include.NON_NULL) CarriedJson carried) {
    }

    @Inject
    MemberAccounts accounts;

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    @GET
    public AccountJson get(@PathParam("ref") String ref) {
        boolean admin = user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
        Viewer viewer = admin ? Viewer.ADMIN : Viewer.MEMBER;
        MemberAccounts.History history = accounts.all(ref, viewer);
        CurrencyUnit currency = history.currency();
        return new AccountJson(ref, currency.code(), Amounts.format(history.balance(), currency), history.entries().stream()
                .map(e -> new EntryJson(e.id(), e.at(), e.kind().name(), Amounts.format(e.amount(), currency), e.period(), e.reason()))
                .toList(), carried(history.carried(), currency));
    }

    private static CarriedJson carried(CarriedForward.Carried c, CurrencyUnit currency) {
        return c == null ? null : new CarriedJson(c.run(), c.at(), Amounts.format(c.balance(), currency), c.why().name());
    }
}
