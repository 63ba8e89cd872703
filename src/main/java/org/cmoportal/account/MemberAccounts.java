package org.cmoportal.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

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
import org.cmoportal.web.Paging;

/**
 * Reads member accounts in the entered tenant: the balance, the entries newest first a page at a time (a member may
 * have thousands), each with the balance it left, and the payments (PAID and RETURNED entries). A member opens only
 * the accounts of refs they hold; anything else answers 404, whether or not it exists.
 */
@ApplicationScoped
public class MemberAccounts {

    /** Entries on one page of an account. */
    public static final int PAGE_SIZE = 50;

    /** Who is looking: a member only at refs they hold, an administrator at any member of the tenant. */
    public enum Viewer { MEMBER, ADMIN }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One entry as the account shows it; {@code balanceAfter} is the balance once this entry (and those before it) counted. */
    public record Entry(long id, Instant at, Ledger.Kind kind, long amount, String period, String cause, String reason,
            long balanceAfter) {

        /** The day it was posted (UTC), "12 Mar 2027". */
        public String day() {
            return DAY.format(at);
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
     * A page of one member's account in one CMO; amounts in minor units of {@code currency}. {@code carried} is the
     * latest approved payment run's decision to carry the balance forward, or null when that run paid it or had
     * nothing to pay (a later entry may have changed the balance since: the decision is shown with its date).
     */
    public record Account(String tenantId, String tenantName, CurrencyUnit currency, String ref, String memberName,
            long balance, long entryCount, int page, List<Entry> entries, List<Entry> payments, long earned, long paid,
            long returned, CarriedForward.Carried carried) {

        public int pages() {
            return new Paging(1, PAGE_SIZE, entryCount).pages();
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages();
        }

        public int previousPage() {
            return page - 1;
        }

        public int nextPage() {
            return page + 1;
        }

        public int firstShown() {
            return entries.isEmpty() ? 0 : (page - 1) * PAGE_SIZE + 1;
        }

        public int lastShown() {
            return (page - 1) * PAGE_SIZE + entries.size();
        }

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
     * A page of the account of {@code ref} (1 is the newest entries), with the latest payments.
     *
     * @throws DomainException not found: no such member in the tenant, or a member asking about a ref they do not hold
     */
    @Transactional
    public Account open(String ref, int page, Viewer viewer) {
        return read(member(ref, viewer), page, PAGE_SIZE, RECENT_PAYMENTS);
    }

    /** The first {@code entries} entries and the latest payments, for a page that shows several accounts. */
    @Transactional
    public Account recent(String ref, int entries, Viewer viewer) {
        return read(member(ref, viewer), 1, entries, RECENT_PAYMENTS);
    }

    /** Payments shown beside the entries; all of them are among the entries too. */
    static final int RECENT_PAYMENTS = 10;

    private Account read(Member member, int page, int pageSize, int payments) {
        Tenant t = Tenant.findById(tenant.tenantId());
        long[] totals = totals(member.ref);
        Paging paging = Paging.of(page, pageSize, totals[0]);
        int shown = paging.page();
        List<Entry> entries = page(member.ref, totals[1], pageSize, (long) (shown - 1) * pageSize);
        List<Entry> recentPayments = payments(member.ref, payments);
        return new Account(t.id, t.name, CurrencyUnit.of(t.currency), member.ref, member.name, totals[1], totals[0], shown,
                entries, recentPayments, totals[2], -totals[3], totals[4], carriedForward.latest(member.ref).orElse(null));
    }

    /**
     * Every entry of an account, oldest first, in minor units of {@code currency}, and the latest approved run's
     * decision to carry the balance forward (null when that run paid it or had nothing to pay).
     */
    public record History(CurrencyUnit currency, List<Entry> entries, CarriedForward.Carried carried) {

        public long balance() {
            return entries.stream().mapToLong(Entry::amount).sum();
        }
    }

    /** Every entry of {@code ref}, oldest first (the API's order): a ledger is read in the order it was written. */
    @Transactional
    public History all(String ref, Viewer viewer) {
        member(ref, viewer);
        Tenant t = Tenant.findById(tenant.tenantId());
        return new History(CurrencyUnit.of(t.currency), sql.sql("""
                SELECT e.id, e.at, e.kind, e.amount, p.label, e.cause, e.reason,
                       sum(e.amount) OVER (ORDER BY e.at, e.id)
                  FROM account_entry e LEFT JOIN period p ON p.tenant_id = e.tenant_id AND p.id = e.period_id
                 WHERE e.tenant_id = :tenant AND e.member_ref = :ref ORDER BY e.at, e.id""")
                .bind("ref", ref).list(MemberAccounts::entry), carriedForward.latest(ref).orElse(null));
    }

    /** The member's balance in the entered tenant. */
    @Transactional
    public long balance(String ref, Viewer viewer) {
        member(ref, viewer);
        return totals(ref)[1];
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

    /** Entry count, balance, and the sums of EARNED, PAID and RETURNED. */
    private long[] totals(String ref) {
        return sql.sql("""
                SELECT count(*), coalesce(sum(amount), 0),
                       coalesce(sum(amount) FILTER (WHERE kind = 'EARNED'), 0),
                       coalesce(sum(amount) FILTER (WHERE kind = 'PAID'), 0),
                       coalesce(sum(amount) FILTER (WHERE kind = 'RETURNED'), 0)
                  FROM account_entry WHERE tenant_id = :tenant AND member_ref = :ref""")
                .bind("ref", ref)
                .single(rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
    }

    /**
     * One page, newest first. Each row's balance is the account's after it: the balance now, less what the entries
     * newer than it add up to (those on earlier pages, then those above it on this one), so a page costs what it
     * shows and what precedes it, not the whole account.
     */
    private List<Entry> page(String ref, long balance, int limit, long offset) {
        long newerPages = offset == 0 ? 0 : sql.sql("""
                SELECT coalesce(sum(amount), 0) FROM (SELECT amount FROM account_entry WHERE tenant_id = :tenant AND member_ref = :ref
                                                       ORDER BY at DESC, id DESC LIMIT :offset) n""")
                .bind("ref", ref).bind("offset", offset).single(rs -> rs.getLong(1));
        return sql.sql("""
                SELECT e.id, e.at, e.kind, e.amount, p.label, e.cause, e.reason,
                       :balance - coalesce(sum(e.amount) OVER (ORDER BY e.at DESC, e.id DESC
                                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                  FROM (SELECT id, at, kind, amount, period_id, cause, reason FROM account_entry
                         WHERE tenant_id = :tenant AND member_ref = :ref ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset) e
                  LEFT JOIN period p ON p.tenant_id = :tenant AND p.id = e.period_id
                 ORDER BY e.at DESC, e.id DESC""")
                .bind("ref", ref).bind("balance", balance - newerPages).bind("limit", limit).bind("offset", offset)
                .list(MemberAccounts::entry);
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
