package org.cmoportal.preference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.error.DomainException;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * The filing flag of economics.md ("Preferences"): a filing whose usage names a member (by their ref, or by an alias
 * a confirmed claim mapped to them) who had opted out of {@code train-ai} in that category before the filing's
 * period was opened is flagged for the administrator's review. The filing is still taken whole: nothing here
 * touches an amount.
 *
 * <p>Written once, by intake, in the filing's transaction ({@link #onFilingStored}): the preferences that stood when
 * the period was opened can no longer change (history rows are appended with the time they are made), so the flag
 * read later by the period board is what a computation then would find, without reading the filing's usage again.
 */
@ApplicationScoped
public class OptOutFlags {

    public static final int PAGE_SIZE = 100;
    /** How many refs the period board lists beside a flagged filing; the rest are a link away. */
    public static final int ON_THE_BOARD = 5;

    /** A flagged filing as the board shows it: how many usage refs, and the first few. */
    public record Flag(long filingId, long count, List<FlaggedRef> first) {
    }

    /** One usage ref of a filing that names a member who had opted out of train-ai in its category. */
    public record FlaggedRef(String category, String usageRef, String memberRef, Instant optedOutSince) {

        public boolean alias() {
            return !usageRef.equals(memberRef);
        }
    }

    /** A page of a filing's flagged refs, those whose usage ref or member ref contains {@code query} (all for none). */
    public record Page(long filingId, long flagged, String query, Paging paging, List<FlaggedRef> rows) {
    }

    @Inject
    TenantSql sql;

    /**
     * Flags the stored filing: one {@code INSERT ... SELECT} from the members who opted out of train-ai as of the
     * period's opening (the latest history row before it, per category and member), their own refs and their aliases,
     * joined by hash to the filing's usage pairs, found by their filing (V39: the table keeps no key on the ref, whose
     * upkeep cost every upload more than this join costs an upload with opt-outs; V49: the pairs are unnested from
     * their blocks first). With no opt-out at all the filing's pairs are not read past the first block.
     *
     * @return how many usage refs were flagged
     */
    public int onFilingStored(long filingId) {
        // the filing's period named as a value, so that only its partition of filing_usage is planned (V30). Its pairs
        // (V49: blocks of them) are unnested apart, MATERIALIZED, before the join: joined to the opted-out refs first, each
        // block was unnested again for every opted-out ref of its category (1,000,000 pairs and 1,000 refs: over 60 s)
        long periodId = sql.sql("SELECT period_id FROM filing WHERE tenant_id = :tenant AND id = :filing").bind("filing", filingId)
                .single(rs -> rs.getLong(1));
        return sql.sql("""
                WITH opened AS (
                    SELECT p.opened_at FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                     WHERE f.tenant_id = :tenant AND f.id = :filing),
                stood AS (
                    SELECT DISTINCT ON (category_key, member_ref) category_key, member_ref, train_ai, since
                      FROM member_preference
                     WHERE tenant_id = :tenant AND since < (SELECT opened_at FROM opened)
                     ORDER BY category_key, member_ref, since DESC, id DESC),
                opted_out AS (SELECT category_key, member_ref, since FROM stood WHERE NOT train_ai),
                named AS (
                    SELECT o.category_key, o.member_ref AS usage_ref, o.member_ref, o.since FROM opted_out o
                    UNION ALL
                    SELECT o.category_key, a.alias_ref, o.member_ref, o.since
                      FROM opted_out o JOIN member_alias a ON a.tenant_id = :tenant AND a.member_ref = o.member_ref),
                used AS MATERIALIZED (
                    SELECT category_key, member_ref FROM filing_usage_pair
                     WHERE tenant_id = :tenant AND period_id = :period AND filing_id = :filing)
                INSERT INTO filing_opt_out (tenant_id, filing_id, category_key, usage_ref, member_ref, opted_out_since)
                SELECT :tenant, :filing, n.category_key, n.usage_ref, n.member_ref, n.since
                  FROM named n JOIN used u ON u.category_key = n.category_key AND u.member_ref = n.usage_ref""")
                .bind("period", periodId).bind("filing", filingId).update();
    }

    /**
     * How many of the period's filings still to be decided (SUBMITTED) are flagged: the board says so over every filing,
     * though it lists a page of them.
     */
    @Transactional
    public long undecidedFlagged(long periodId) {
        return sql.sql("""
                SELECT count(*) FROM filing f
                 WHERE f.tenant_id = :tenant AND f.period_id = :period AND f.status = 'SUBMITTED'
                   AND EXISTS (SELECT 1 FROM filing_opt_out o WHERE o.tenant_id = :tenant AND o.filing_id = f.id)""")
                .bind("period", periodId).single(rs -> rs.getLong(1));
    }

    /**
     * The flags of some of a period's filings (the board's page of them), by filing id; a filing without one is not in
     * the map.
     */
    @Transactional
    public Map<Long, Flag> ofFilings(long periodId, java.util.Collection<Long> filingIds) {
        if (filingIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> counts = new HashMap<>();
        Map<Long, List<FlaggedRef>> first = new HashMap<>();
        sql.sql("""
                SELECT o.filing_id, o.category_key, o.usage_ref, o.member_ref, o.opted_out_since,
                       count(*) OVER (PARTITION BY o.filing_id),
                       row_number() OVER (PARTITION BY o.filing_id ORDER BY o.category_key, o.usage_ref) AS n
                  FROM filing_opt_out o JOIN filing f ON f.tenant_id = o.tenant_id AND f.id = o.filing_id
                 WHERE o.tenant_id = :tenant AND f.tenant_id = :tenant AND f.period_id = :period AND o.filing_id = ANY(:filings)""")
                .bind("period", periodId).bind("filings", filingIds.toArray(Long[]::new))
                .list(rs -> {
                    long filing = rs.getLong(1);
                    counts.put(filing, rs.getLong(6));
                    if (rs.getLong(7) <= ON_THE_BOARD) {
                        first.computeIfAbsent(filing, k -> new ArrayList<>()).add(ref(rs, 2));
                    }
                    return null;
                });
        Map<Long, Flag> flags = new HashMap<>();
        counts.forEach((filing, count) -> flags.put(filing, new Flag(filing, count,
                first.getOrDefault(filing, List.of()).stream()
                        .sorted(java.util.Comparator.comparing(FlaggedRef::category).thenComparing(FlaggedRef::usageRef)).toList())));
        return flags;
    }

    /**
     * A page of one filing's flagged refs whose usage ref or member ref contains {@code query} (every one for none);
     * a filing not of this period (or not of this CMO) is 404.
     */
    @Transactional
    public Page page(String periodLabel, long filingId, String query, int page) {
        boolean inPeriod = sql.sql("""
                SELECT count(*) FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                 WHERE f.tenant_id = :tenant AND p.tenant_id = :tenant AND f.id = :filing AND p.label = :label""")
                .bind("filing", filingId).bind("label", periodLabel).single(rs -> rs.getLong(1)) > 0;
        if (!inPeriod) {
            throw DomainException.notFound("Filing " + filingId + " of period '" + periodLabel + "'");
        }
        String like = Paging.like(query);
        long[] counts = sql.sql("SELECT count(*), count(*) FILTER (WHERE " + MATCHES + ") FROM filing_opt_out"
                + " WHERE tenant_id = :tenant AND filing_id = :filing")
                .bind("filing", filingId).bind("like", like).single(rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        Paging paging = Paging.of(page, PAGE_SIZE, counts[1]);
        List<FlaggedRef> rows = sql.sql("SELECT category_key, usage_ref, member_ref, opted_out_since FROM filing_opt_out"
                + " WHERE tenant_id = :tenant AND filing_id = :filing AND " + MATCHES
                + " ORDER BY category_key, usage_ref LIMIT :limit OFFSET :offset")
                .bind("filing", filingId).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> ref(rs, 1));
        return new Page(filingId, counts[0], Paging.query(query), paging, rows);
    }

    /** A flagged ref matches a search when its usage ref or member ref contains it ({@code :like}; NULL matches all). */
    private static final String MATCHES =
            "(CAST(:like AS text) IS NULL OR lower(usage_ref) LIKE :like OR lower(member_ref) LIKE :like)";

    private static FlaggedRef ref(java.sql.ResultSet rs, int from) throws java.sql.SQLException {
        return new FlaggedRef(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
                rs.getTimestamp(from + 3).toInstant());
    }
}
