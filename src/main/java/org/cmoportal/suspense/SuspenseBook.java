package org.cmoportal.suspense;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.DistributedPeriods;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * What the entered tenant holds in suspense, from stored figures only: per {@code (period, category, ref)} (ref null
 * for a category without usage), the distributed runs' unmatched lines plus every SUSPENSE change since
 * ({@code tenant_entry}: restatements' differences of either sign, claims and releases moving money out), netted
 * per key. A key whose net is 0 holds nothing and is not listed; a net negative (a downward restatement larger
 * than what was held) is listed and stays held.
 */
@ApplicationScoped
public class SuspenseBook {

    /**
     * One key's net. {@code heldSince} is the origin period's distribution; {@code releasableFrom} that date plus
     * the tenant's {@code suspenseHoldMonths}.
     */
    public record Held(long periodId, String period, String category, String ref, long amount, LocalDate heldSince,
            LocalDate releasableFrom) {

        /** The line a fingerprint hashes: every figure that a release depends on. */
        String canonical() {
            return periodId + "\t" + category + "\t" + (ref == null ? "\\N" : ref) + "\t" + amount + "\n";
        }
    }

    /** One page of the held keys, with where it stands among them and what they add up to (all pages). */
    public record Page(List<Held> rows, long total, Paging paging) {
    }

    /** A distributed period's held money (its net), and when it may be released. */
    public record PeriodHeld(String period, long amount, LocalDate heldSince, LocalDate releasableFrom) {
    }

    /** The held keys, netted: the distributed runs' unmatched lines and the SUSPENSE changes since. */
    static final String HELD = """
            WITH held AS (
                SELECT r.period_id, l.category_key, l.member_ref, l.amount
                  FROM distribution_run r
                  JOIN run_line l ON l.tenant_id = r.tenant_id AND l.period_id = r.period_id AND l.run_id = r.id AND NOT l.matched
                                 AND l.period_id = ANY (:periods)
                 WHERE r.tenant_id = :tenant AND l.tenant_id = :tenant AND r.status = 'DISTRIBUTED' AND l.amount <> 0
                UNION ALL
                SELECT origin_period_id, category_key, member_ref, amount FROM tenant_entry
                 WHERE tenant_id = :tenant AND account = 'SUSPENSE'),
            nets AS (
                SELECT h.period_id, p.label, p.distributed_at, h.category_key, h.member_ref, sum(h.amount) AS amount
                  FROM held h JOIN period p ON p.tenant_id = :tenant AND p.id = h.period_id
                 GROUP BY h.period_id, p.label, p.distributed_at, h.category_key, h.member_ref
                HAVING sum(h.amount) <> 0)
            """;

    /** A ref a member would read as another member's: a member's own ref, or an alias a claim gave a member. */
    static final String NOT_A_MEMBERS = """
            (n.member_ref IS NULL OR (NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = :tenant AND m.ref = n.member_ref)
                                   AND NOT EXISTS (SELECT 1 FROM member_alias a WHERE a.tenant_id = :tenant AND a.alias_ref = n.member_ref)))""";

    static final String ORDER = " ORDER BY n.distributed_at, n.period_id, n.category_key COLLATE \"C\", n.member_ref COLLATE \"C\" NULLS FIRST";

    @Inject
    TenantSql sql;

    @Inject
    DistributedPeriods distributedPeriods;

    /**
     * A page of what is held, searched by a part of the ref, a period's label or a category's key. For a member
     * ({@code forMember}), a ref that is now a member's own or an alias is left out: never another member's data.
     */
    @Transactional
    public Page page(String query, int page, int size, boolean forMember) {
        int p = Math.max(1, page);
        String q = query == null || query.isBlank() ? null : query.strip();
        int hold = holdMonths();
        long[] totals = {0, 0};
        List<Held> rows = sql.sql(HELD + """
                SELECT n.period_id, n.label, n.distributed_at, n.category_key, n.member_ref, n.amount,
                       count(*) OVER (), sum(n.amount) OVER ()
                  FROM nets n
                 WHERE (cast(:q AS text) IS NULL OR n.label = :q OR n.category_key = :q
                        OR strpos(lower(n.member_ref), lower(cast(:q AS text))) > 0)
                   AND (NOT cast(:forMember AS boolean) OR""" + NOT_A_MEMBERS + ")" + ORDER + " LIMIT :limit OFFSET :offset")
                .bind("periods", distributedPeriods.ids()).bind("q", q).bind("forMember", forMember).bind("limit", size).bind("offset", (long) (p - 1) * size)
                .list(rs -> {
                    totals[0] = rs.getLong(7);
                    totals[1] = rs.getLong(8);
                    return held(rs, hold);
                });
        if (rows.isEmpty() && p > 1) {
            // a page beyond the last shows the last, as every list does (web/Paging)
            Page first = page(query, 1, size, forMember);
            int last = Paging.of(p, size, first.paging().count()).page();
            return last == 1 ? first : page(query, last, size, forMember);
        }
        return new Page(rows, totals[1], Paging.of(p, size, totals[0]));
    }

    /** Every key held under {@code ref}, in every period and category. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Held> underRef(String ref) {
        int hold = holdMonths();
        return sql.sql(HELD + "SELECT n.period_id, n.label, n.distributed_at, n.category_key, n.member_ref, n.amount FROM nets n"
                + " WHERE n.member_ref = :ref" + ORDER).bind("periods", distributedPeriods.ids()).bind("ref", ref).list(rs -> held(rs, hold));
    }

    /** Every key whose money has aged past the hold limit at {@code asOf}, negative nets included. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Held> agedAt(LocalDate asOf, int holdMonths) {
        return sql.sql(HELD + "SELECT n.period_id, n.label, n.distributed_at, n.category_key, n.member_ref, n.amount FROM nets n" + ORDER)
                .bind("periods", distributedPeriods.ids()).list(rs -> held(rs, holdMonths)).stream().filter(h -> !h.releasableFrom().isAfter(asOf)).toList();
    }

    /** The earliest date some positive held money becomes releasable, if any is held. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<LocalDate> firstReleasable(int holdMonths) {
        return perPeriod(holdMonths).stream().map(PeriodHeld::releasableFrom).min(LocalDate::compareTo);
    }

    /** Per distributed period, what is held there, in order of distribution. */
    @Transactional
    public List<PeriodHeld> perPeriod() {
        return perPeriod(holdMonths());
    }

    /**
     * From the runs' own totals and the SUSPENSE changes per origin period, without reading a line: the board shows
     * it on every visit, and a period may hold a million refs. A key whose net is negative counts here with its sign.
     */
    private List<PeriodHeld> perPeriod(int holdMonths) {
        return sql.sql("""
                SELECT p.label, p.distributed_at, r.suspense + coalesce(e.amount, 0) AS held
                  FROM distribution_run r
                  JOIN period p ON p.tenant_id = r.tenant_id AND p.id = r.period_id
                  LEFT JOIN (SELECT origin_period_id, sum(amount) AS amount FROM tenant_entry
                              WHERE tenant_id = :tenant AND account = 'SUSPENSE' GROUP BY origin_period_id) e
                         ON e.origin_period_id = r.period_id
                 WHERE r.tenant_id = :tenant AND r.status = 'DISTRIBUTED' AND r.suspense + coalesce(e.amount, 0) > 0
                 ORDER BY p.distributed_at, p.id""")
                .list(rs -> {
                    LocalDate since = day(rs.getTimestamp(2).toInstant());
                    return new PeriodHeld(rs.getString(1), rs.getLong(3), since, since.plusMonths(holdMonths));
                });
    }

    /** The tenant's hold limit in months (V17). */
    @Transactional
    public int holdMonths() {
        return sql.sql("SELECT suspense_hold_months FROM tenant WHERE id = :tenant").single(rs -> rs.getInt(1));
    }

    /** SHA-256 of the keys, in the order given (the book's order): equal exactly when every key and net is equal. */
    static String fingerprint(List<Held> keys) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Held h : keys) {
                sha.update(h.canonical().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static Held held(java.sql.ResultSet rs, int holdMonths) throws java.sql.SQLException {
        LocalDate since = day(rs.getTimestamp(3).toInstant());
        return new Held(rs.getLong(1), rs.getString(2), rs.getString(4), rs.getString(5), rs.getLong(6), since,
                since.plusMonths(holdMonths));
    }
}
