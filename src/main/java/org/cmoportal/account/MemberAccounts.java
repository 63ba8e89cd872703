package org.cmoportal.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.member.Member;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.Formats;
import org.cmoportal.web.Paging;

/**
 * Reads member accounts in the entered tenant: the balance, the entries newest first a page at a time (a member may
 * have thousands), each with the balance it left, and the payments (PAID and RETURNED entries). A member opens only
 * the accounts of refs they hold; anything else answers 404, whether or not it exists. An archived period's entries
 * read as one line, their total (V47's {@code account_line}), so every balance is what it was before the archive.
 */
@ApplicationScoped
public class MemberAccounts {

    /** Who is looking: a member only at refs they hold, an administrator at any member of the tenant. */
    public enum Viewer { MEMBER, ADMIN }

    /** One entry as the account shows it; {@code balanceAfter} is the balance once this entry (and those before it) counted. */
    public record Entry(long id, Instant at, Ledger.Kind kind, long amount, String period, String cause, String reason,
            long balanceAfter) {

        /**
         * The day it was posted (UTC), a date the page's time tag writes in the viewer's language with the ISO day
         * for machines (English text here would reach every viewer unlocalised).
         */
        public LocalDate day() {
            return Formats.utcDay(at);
        }

        public String kindLabel() {
            return label(kind);
        }

        /** For a payment: "paid" or "returned" (economics.md: paid is only what a payment run paid). */
        public String paymentStatus() {
            return kind == Ledger.Kind.PAID ? "paid" : kind == Ledger.Kind.RETURNED ? "returned" : null;
        }
    }

    /**
     * A page of one member's account in one CMO, the entries matching {@code query} (all of them for none); amounts in
     * minor units of {@code currency}. {@code carried} is the latest approved payment run's decision to carry the
     * balance forward, or null when that run paid it or had nothing to pay (a later entry may have changed the balance
     * since: the decision is shown with its date). The figures add up to the balance: {@code earned + adjusted +
     * released - paid + returned} (economics.md's entries; an archived period's total counts as its earnings and
     * adjustments, as it was).
     */
    public record Account(String tenantId, String tenantName, CurrencyUnit currency, String ref, String memberName,
            long balance, String query, Paging paging, List<Entry> entries, List<Entry> payments, long earned, long adjusted,
            long released, long paid, long returned, CarriedForward.Carried carried) {

        /** Whether more payments may exist than the few listed (all are among the entries). */
        public boolean paymentsCapped() {
            return payments.size() >= RECENT_PAYMENTS;
        }

        /** A negative balance is recovered from later earnings (economics.md), never invoiced. */
        public boolean negative() {
            return balance < 0;
        }
    }

    /** What a person reads of each kind of entry. */
    static String label(Ledger.Kind kind) {
        return switch (kind) {
            case EARNED -> "Earned";
            case ADJUSTED -> "Adjusted";
            case RELEASED -> "Released from suspense";
            case PAID -> "Paid";
            case RETURNED -> "Returned by the bank";
            case ARCHIVED -> "Archived period";
        };
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    @Inject
    CarriedForward carriedForward;

    /**
     * A page of the account of {@code ref} (1 is the newest entries) whose kind, period or reason contains
     * {@code query} (every entry for none), with the latest payments.
     *
     * @throws DomainException not found: no such member in the tenant, or a member asking about a ref they do not hold
     */
    @Transactional
    public Account open(String ref, String query, int page, Viewer viewer) {
        return read(member(ref, viewer), query, page, Paging.SIZE);
    }

    /** The first {@code entries} entries and the latest payments, for a page that shows several accounts. */
    @Transactional
    public Account recent(String ref, int entries, Viewer viewer) {
        return read(member(ref, viewer), null, 1, entries);
    }

    /** Payments shown beside the entries; all of them are among the entries too. */
    static final int RECENT_PAYMENTS = 10;

    private Account read(Member member, String query, int page, int pageSize) {
        Tenant t = Tenant.findById(tenant.tenantId());
        String like = Paging.like(query);
        Totals totals = totals(member.ref, like);
        Paging paging = Paging.of(page, pageSize, totals.matching());
        List<Entry> entries = page(member.ref, like, totals.balance(), paging);
        return new Account(t.id, t.name, CurrencyUnit.of(t.currency), member.ref, member.name, totals.balance(), Paging.query(query),
                paging, entries, payments(member.ref, RECENT_PAYMENTS), totals.earned(), totals.adjusted(), totals.released(),
                -totals.paid(), totals.returned(), carriedForward.latest(member.ref).orElse(null));
    }

    /**
     * A page of an account's entries, oldest first, in minor units of {@code currency}, with the account's balance (of
     * every entry, whatever the page or the search) and the latest approved run's decision to carry the balance forward
     * (null when that run paid it or had nothing to pay).
     */
    public record History(CurrencyUnit currency, long balance, List<Entry> entries, Paging paging, CarriedForward.Carried carried) {
    }

    /**
     * The page {@code requested} ({@code size} entries) of the entries of {@code ref} whose kind, period or reason
     * contains {@code query}, oldest first (the API's order: a ledger is read in the order it was written). Each
     * entry's balance is the account's after it, whatever the search: summed over the account in the database before
     * the search and the page are applied.
     */
    @Transactional
    public History entries(String ref, String query, int requested, int size, Viewer viewer) {
        member(ref, viewer);
        Tenant t = Tenant.findById(tenant.tenantId());
        String like = Paging.like(query);
        Totals totals = totals(ref, like);
        Paging paging = Paging.of(requested, size, totals.matching());
        List<Entry> entries = sql.sql("""
                SELECT id, at, kind, amount, label, cause, reason, after FROM (
                    SELECT e.id, e.at, e.kind, e.amount, p.label, e.cause, e.reason,
                           sum(e.amount) OVER (ORDER BY e.at, e.id) AS after
                      FROM account_line e LEFT JOIN period p ON p.tenant_id = e.tenant_id AND p.id = e.period_id
                     WHERE e.tenant_id = :tenant AND e.member_ref = :ref) x
                 WHERE CAST(:like AS text) IS NULL OR lower(kind) LIKE :like OR lower(reason) LIKE :like
                       OR lower(coalesce(label, '')) LIKE :like
                 ORDER BY at, id LIMIT :limit OFFSET :offset""")
                .bind("ref", ref).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(MemberAccounts::entry);
        return new History(CurrencyUnit.of(t.currency), totals.balance(), entries, paging, carriedForward.latest(ref).orElse(null));
    }

    /** The member's balance in the entered tenant. */
    @Transactional
    public long balance(String ref, Viewer viewer) {
        member(ref, viewer);
        return totals(ref, null).balance();
    }

    private Member member(String ref, Viewer viewer) {
        if (ref == null || viewer == Viewer.MEMBER && !user.affiliations().holdsRef(tenant.tenantId(), ref)) {
            throw DomainException.notFound("Account of '" + ref + "'");
        }
        Member m = Member.findByRef(ref);
        if (m == null) {
            throw DomainException.notFound("Account of '" + ref + "'");
        }
        return m;
    }

    /**
     * An entry matches a search when its kind, its period's label or its reason contains it ({@code :like}, a LIKE
     * pattern; NULL matches every entry).
     */
    private static final String MATCHES = """
            (CAST(:like AS text) IS NULL OR lower(e.kind) LIKE :like OR lower(e.reason) LIKE :like
             OR lower(coalesce(p.label, '')) LIKE :like)""";

    /**
     * An account's sums over all its entries, whatever the search, and how many entries match it. {@code paid} is the
     * PAID entries' sum (negative); {@code adjusted} holds the ADJUSTED entries and what an archived period's total
     * holds beyond its earnings, which {@code earned} counts.
     */
    private record Totals(long balance, long earned, long adjusted, long released, long paid, long returned, long matching) {
    }

    private Totals totals(String ref, String like) {
        return sql.sql("""
                SELECT coalesce(sum(e.amount), 0),
                       coalesce(sum(e.earned), 0),
                       coalesce(sum(e.amount - e.earned) FILTER (WHERE e.kind IN ('ADJUSTED', 'ARCHIVED')), 0),
                       coalesce(sum(e.amount) FILTER (WHERE e.kind = 'RELEASED'), 0),
                       coalesce(sum(e.amount) FILTER (WHERE e.kind = 'PAID'), 0),
                       coalesce(sum(e.amount) FILTER (WHERE e.kind = 'RETURNED'), 0),
                       count(*) FILTER (WHERE""" + MATCHES + """
                )
                  FROM account_line e LEFT JOIN period p ON p.tenant_id = :tenant AND p.id = e.period_id
                 WHERE e.tenant_id = :tenant AND e.member_ref = :ref""")
                .bind("ref", ref).bind("like", like)
                .single(rs -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7)));
    }

    /**
     * One page of the matching entries, newest first. Each row's balance is the account's after it, whatever the
     * search: the balance now, less what every newer entry adds up to, summed as the entries are read newest first
     * (V16's index gives them in that order), so a page costs the entries down to its last, not the whole account.
     */
    private List<Entry> page(String ref, String like, long balance, Paging paging) {
        return sql.sql("""
                SELECT e.id, e.at, e.kind, e.amount, e.label, e.cause, e.reason, e.after
                  FROM (SELECT e.id, e.at, e.kind, e.amount, p.label, e.cause, e.reason,""" + MATCHES + """
                 AS matches,
                               :balance - coalesce(sum(e.amount) OVER (ORDER BY e.at DESC, e.id DESC
                                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS after
                          FROM account_line e LEFT JOIN period p ON p.tenant_id = :tenant AND p.id = e.period_id
                         WHERE e.tenant_id = :tenant AND e.member_ref = :ref) e
                 WHERE e.matches ORDER BY e.at DESC, e.id DESC LIMIT :limit OFFSET :offset""")
                .bind("ref", ref).bind("like", like).bind("balance", balance).bind("limit", paging.size())
                .bind("offset", paging.offset()).list(MemberAccounts::entry);
    }

    /** The latest payments and returns; their balance is not shown, so none is computed. */
    private List<Entry> payments(String ref, int limit) {
        return sql.sql("""
                SELECT e.id, e.at, e.kind, e.amount, NULL, e.cause, e.reason, 0
                  FROM account_entry e
                 WHERE e.tenant_id = :tenant AND e.member_ref = :ref AND e.kind IN ('PAID', 'RETURNED')
                 ORDER BY e.at DESC, e.id DESC LIMIT :limit""")
                .bind("ref", ref).bind("limit", limit).list(MemberAccounts::entry);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), Ledger.Kind.valueOf(rs.getString(3)), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8));
    }
}
