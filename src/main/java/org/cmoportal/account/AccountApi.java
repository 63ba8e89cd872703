package org.cmoportal.account;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.account.MemberAccounts.Viewer;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.web.Paging;

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

    /**
     * The account as before, its {@code entries} now a page of them, oldest first: a member's ledger grows with every
     * period and payment, and a client of a short account reads what it always read. {@code q} searches the kind, the
     * period and the reason (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page through
     * them, the count of those that match in {@code X-Total-Count}; {@code balance} is always the whole account's.
     */
    @GET
    public Response get(@PathParam("ref") String ref, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        boolean admin = user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
        Viewer viewer = admin ? Viewer.ADMIN : Viewer.MEMBER;
        MemberAccounts.History history = accounts.entries(ref, q, Paging.apiPage(page), Paging.apiSize(size), viewer);
        CurrencyUnit currency = history.currency();
        AccountJson account = new AccountJson(ref, currency.code(), Amounts.format(history.balance(), currency),
                history.entries().stream().map(e -> new EntryJson(e.id(), e.at(), e.kind().name(), Amounts.format(e.amount(), currency),
                        e.period(), e.reason())).toList(), carried(history.carried(), currency));
        return Response.ok(account).header("X-Total-Count", history.paging().count()).build();
    }

    private static CarriedJson carried(CarriedForward.Carried c, CurrencyUnit currency) {
        return c == null ? null : new CarriedJson(c.run(), c.at(), Amounts.format(c.balance(), currency), c.why().name());
    }
}
