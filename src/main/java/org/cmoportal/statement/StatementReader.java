package org.cmoportal.statement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.CategoryNames;
import org.cmoportal.valuation.Valuations;
import org.cmoportal.web.Paging;

/**
 * Reads what the distribution published (statement, statement_line, run_line) and the filings behind it.
 * Every query names the tenant as well, although row-level security already restricts it: two locks.
 * Callers hold a transaction.
 */
@ApplicationScoped
public class StatementReader {

    /** A period of the tenant with its state and, when distributed, its run. */
    public record PeriodInfo(long id, String label, String state, Long runId, Instant distributedAt) {

        public boolean distributed() {
            return "DISTRIBUTED".equals(state);
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    CategoryNames categories;

    @Inject
    FilingCategoryFigures filingFigures;

    /**
     * The payee's name and the fee rate are the statement's own, as they were when it was published; the period's
     * distribution day, the tenant's dispute window and today are the dispute window's ({@code dispute/Disputes}), read
     * here rather than in a query of their own: every statement page asks for them. And the tenant's account version
     * (V50): the page's body kept for it shows the account as it is while it stays (statement/RenderedParts).
     */
    static final String HEADER = """
            SELECT s.id, s.tenant_id, t.name, t.currency, s.admin_fee_rate, s.period_id, p.label, s.member_ref, s.member_name,
                   s.total, s.published_at, s.run_id, a.archived_at, (p.distributed_at AT TIME ZONE 'UTC')::date,
                   t.dispute_window_days, (now() AT TIME ZONE 'UTC')::date,
                   coalesce((SELECT v.version FROM account_version v WHERE v.tenant_id = s.tenant_id), 0)
              FROM statement s
              JOIN tenant t ON t.id = s.tenant_id
              JOIN period p ON p.tenant_id = s.tenant_id AND p.id = s.period_id
              LEFT JOIN archived_period a ON a.tenant_id = s.tenant_id AND a.period_id = s.period_id
            """;

    public Optional<StatementHeader> header(long statementId) {
        return sql.sql(HEADER + " WHERE s.tenant_id = :tenant AND s.id = ?").args(statementId).one(StatementReader::header);
    }

    public Optional<StatementHeader> header(String periodLabel, String ref) {
        return sql.sql(HEADER + " WHERE s.tenant_id = :tenant AND p.label = ? AND s.member_ref = ?").args(periodLabel, ref)
                .one(StatementReader::header);
    }

    private static StatementHeader header(ResultSet rs) throws SQLException {
        return new StatementHeader(rs.getLong(1), rs.getString(2), rs.getString(3), CurrencyUnit.of(rs.getString(4)),
                rate(rs, 5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
                instant(rs.getTimestamp(11)), rs.getLong(12), instant(rs.getTimestamp(13)), rs.getObject(14, LocalDate.class),
                rs.getInt(15), rs.getObject(16, LocalDate.class), rs.getLong(17));
    }

    /**
     * The statement's lines in the engine's order: builder, model, filing, category, in code point order. They are its
     * run's matched lines of its ref, read from {@code run_line} by the index the view {@code statement_line} uses
     * (V25), with the builder, model and category figures of each published filing from memory
     * ({@link FilingCategoryFigures}): the view joined every line to its run, its statement and its filing's
     * publication again, 200 index probes per page where 4 find the lines (docs/performance.md). A line counts as the
     * view counts it: only when its filing was published by the statement's run. Sorted and named here rather than in
     * SQL: the sort and the join to category were half of the query's time under load (bench/statements.sh), and
     * category names never change.
     */
    public List<StatementRow> lines(StatementHeader head) {
        // the period named as a value: PostgreSQL plans its partition of run_line alone (V30)
        List<StatementRow> lines = rows(head, sql.sql(LINES).args(head.periodId(), head.runId(), head.ref()).list(StatementReader::line));
        lines.sort(ENGINE_ORDER);
        return lines;
    }

    /** A run line as read, before its filing's builder, model and category figures are added. */
    private record Line(long id, long filingId, String category, long units, long categoryUnits, long amount) {
    }

    private static Line line(ResultSet rs) throws SQLException {
        return new Line(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
    }

    /** A page of a statement's lines as its page's table shows them: the search, where the page stands, its lines. */
    public record LinePage(String query, Paging paging, List<StatementRow> rows) {
    }

    /**
     * A statement's lines the page's table shows, {@code page} of {@link Paging#SIZE}, in the engine's order, those whose
     * builder, model or category (its key or name) contain {@code query}: counted and read a page at a time here, by the
     * same index and partition as {@link #LINES}, and ordered as {@link #ENGINE_ORDER} ({@code "C"} is code point order).
     * Without a search the page is cut from {@code whole}, the statement's lines in the engine's order that the summary
     * has read already: reading them a second time cost the page 15% of its throughput (docs/performance.md).
     */
    public LinePage linePage(StatementHeader head, String query, int page, List<StatementRow> whole) {
        String like = Paging.like(query);
        if (like == null) {
            Paging paging = Paging.of(page, Paging.SIZE, whole.size());
            return new LinePage(Paging.query(query), paging, whole.subList((int) paging.offset(), (int) paging.last()));
        }
        long count = sql.sql("SELECT count(*) " + LINE_PAGE).args(head.periodId(), head.runId(), head.ref()).bind("like", like)
                .single(rs -> rs.getLong(1));
        Paging paging = Paging.of(page, Paging.SIZE, count);
        List<StatementRow> rows = count == 0 ? new ArrayList<>()
                : rows(head, sql.sql("SELECT l.id, l.filing_id, l.category_key, l.units, l.category_units, l.amount " + LINE_PAGE
                        + " ORDER BY pf.builder_name COLLATE \"C\", pf.model COLLATE \"C\", l.filing_id, l.category_key COLLATE \"C\""
                        + " LIMIT :limit OFFSET :offset").args(head.periodId(), head.runId(), head.ref()).bind("like", like)
                        .bind("limit", paging.size()).bind("offset", paging.offset()).list(StatementReader::line));
        return new LinePage(Paging.query(query), paging, rows);
    }

    /**
     * The lines of {@link #LINES} whose filing this run published (as the view counts them), searched by {@code :like}
     * (null for all) in the builder and model as published and the category's key and name; the period, run and member
     * ref as {@link #LINES} takes them.
     */
    public static final String LINE_PAGE = """
            FROM run_line l
            JOIN published_filing pf ON pf.tenant_id = l.tenant_id AND pf.filing_id = l.filing_id AND pf.run_id = l.run_id
            WHERE l.tenant_id = :tenant AND l.period_id = ? AND l.run_id = ? AND l.member_ref = ? AND l.matched
              AND (CAST(:like AS text) IS NULL OR lower(pf.builder_name) LIKE :like OR lower(pf.model) LIKE :like
                   OR lower(l.category_key) LIKE :like
                   OR EXISTS (SELECT 1 FROM category c WHERE c.tenant_id = :tenant AND c.key = l.category_key
                                 AND lower(c.name) LIKE :like))
            """;

    /** The lines read, with each one's builder, model and category figures from its published filing, as read. */
    private List<StatementRow> rows(StatementHeader head, List<Line> read) {
        Map<Long, FilingCategoryFigures.Published> filings = filingFigures.of(read.stream().map(Line::filingId).distinct().toList());
        List<StatementRow> lines = new ArrayList<>(read.size());
        for (Line l : read) {
            FilingCategoryFigures.Published filing = filings.get(l.filingId());
            if (filing == null || filing.runId() != head.runId()) {
                continue; // not published by this run: not a line of its statements
            }
            FilingCategoryFigures.Figures f = filing.categories().get(l.category());
            if (f == null) {
                throw new IllegalStateException("statement line " + l.id() + " names category " + l.category() + " of filing "
                        + l.filingId() + ", which has no such category");
            }
            lines.add(new StatementRow(l.id(), l.filingId(), filing.builder(), filing.model(), l.category(),
                    categories.nameOf(l.category()), l.units(), l.categoryUnits(), l.amount(), f.amount(), f.fee(), f.net()));
        }
        return lines;
    }

    /** A statement's lines: its period, its run, its member ref (arguments in that order; PeriodPartitionsTest reads its plan). */
    public static final String LINES = """
            SELECT l.id, l.filing_id, l.category_key, l.units, l.category_units, l.amount
              FROM run_line l
             WHERE l.tenant_id = :tenant AND l.period_id = ? AND l.run_id = ? AND l.member_ref = ? AND l.matched
            """;

    static final Comparator<StatementRow> ENGINE_ORDER = Comparator.comparing(StatementRow::builder, CodePointOrder.INSTANCE)
            .thenComparing(StatementRow::model, CodePointOrder.INSTANCE)
            .thenComparingLong(StatementRow::filingId)
            .thenComparing(StatementRow::category, CodePointOrder.INSTANCE);

    /** One line of the statement, read alone (a trail opened from any page of lines), empty when it is not one of its. */
    public Optional<StatementRow> line(StatementHeader head, long lineId) {
        return rows(head, sql.sql(LINES + " AND l.id = ?").args(head.periodId(), head.runId(), head.ref(), lineId)
                .list(StatementReader::line)).stream().findFirst();
    }

    /**
     * What the refs' statements in this tenant come to in each period that has one (period id to the sum of their
     * totals): one row a period, however many refs, for the charts and the lifetime total.
     */
    public Map<Long, Long> totalsByPeriod(Collection<String> refs) {
        Map<Long, Long> totals = new HashMap<>();
        if (refs.isEmpty()) {
            return totals;
        }
        sql.sql("SELECT s.period_id, sum(s.total) FROM statement s WHERE s.tenant_id = :tenant AND s.member_ref = ANY (:refs) GROUP BY 1")
                .bind("refs", refs.toArray(String[]::new)).list(rs -> totals.put(rs.getLong(1), rs.getLong(2)));
        return totals;
    }

    /**
     * How many lines each of {@code statements} has. Counted once the statements' periods are known: named as values,
     * they let PostgreSQL plan only those periods' partitions of run_line, where a count per statement row planned every
     * period's (V30, V36).
     */
    public Map<Long, Integer> lineCounts(Collection<Long> periods, Collection<Long> statements) {
        Map<Long, Integer> counts = new HashMap<>();
        if (statements.isEmpty()) {
            return counts;
        }
        sql.sql("""
                SELECT l.statement_id, count(*) FROM statement_line l
                 WHERE l.tenant_id = :tenant AND l.period_id = ANY (:periods) AND l.statement_id = ANY (:statements)
                 GROUP BY l.statement_id
                """).bind("periods", periods.stream().distinct().toArray(Long[]::new))
                .bind("statements", statements.toArray(Long[]::new)).list(rs -> counts.put(rs.getLong(1), rs.getInt(2)));
        return counts;
    }

    /**
     * The refs' newest statement with lines in a distributed period (newest period first, then the ref in code point
     * order), among {@code periods} (those of their statements, named so that only their partitions are planned).
     */
    public Optional<Long> latestWithLines(Collection<String> refs, Collection<Long> periods) {
        if (refs.isEmpty() || periods.isEmpty()) {
            return Optional.empty();
        }
        return sql.sql("""
                SELECT s.id FROM statement s JOIN period p ON p.tenant_id = s.tenant_id AND p.id = s.period_id
                 WHERE s.tenant_id = :tenant AND s.member_ref = ANY (:refs) AND p.state = 'DISTRIBUTED'
                   AND EXISTS (SELECT 1 FROM statement_line l WHERE l.tenant_id = :tenant AND l.period_id = ANY (:periods)
                                  AND l.period_id = s.period_id AND l.statement_id = s.id)
                 ORDER BY p.opened_at DESC, p.id DESC, s.member_ref COLLATE "C" LIMIT 1
                """).bind("refs", refs.toArray(String[]::new)).bind("periods", periods.toArray(Long[]::new))
                .one(rs -> rs.getLong(1));
    }

    public List<PeriodInfo> periods() {
        return sql.sql("""
                SELECT p.id, p.label, p.state, r.id, p.distributed_at
                  FROM period p LEFT JOIN distribution_run r
                    ON r.tenant_id = p.tenant_id AND r.period_id = p.id AND r.status = 'DISTRIBUTED'
                 WHERE p.tenant_id = :tenant ORDER BY p.opened_at DESC, p.id DESC
                """).list(rs -> new PeriodInfo(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4),
                instant(rs.getTimestamp(5))));
    }

    /** A page of the distributed periods. */
    public record DistributedPage(String query, Paging paging, List<PeriodInfo> rows) {
    }

    private static final String DISTRIBUTED = """
            FROM period p JOIN distribution_run r ON r.tenant_id = p.tenant_id AND r.period_id = p.id AND r.status = 'DISTRIBUTED'
            WHERE p.tenant_id = :tenant AND p.state = 'DISTRIBUTED' AND (CAST(:like AS text) IS NULL OR lower(p.label) LIKE :like)
            """;

    /** The distributed periods a page at a time, the latest opened first, searched by label. */
    public DistributedPage distributed(String query, int page) {
        String like = Paging.like(query);
        Paging paging = Paging.of(page, Paging.SIZE, sql.sql("SELECT count(*) " + DISTRIBUTED).bind("like", like).single(rs -> rs.getLong(1)));
        List<PeriodInfo> rows = sql.sql("SELECT p.id, p.label, p.state, r.id, p.distributed_at " + DISTRIBUTED
                + " ORDER BY p.opened_at DESC, p.id DESC LIMIT :limit OFFSET :offset").bind("like", like)
                .bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new PeriodInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), instant(rs.getTimestamp(5))));
        return new DistributedPage(Paging.query(query), paging, rows);
    }

    public Optional<PeriodInfo> period(String label) {
        return periods().stream().filter(p -> p.label().equals(label)).findFirst();
    }

    /**
     * Money held in suspense under refs (they were unmatched when the period was calculated), per period id, in the
     * distributed periods among {@code periods} (named as values: only their partitions of run_line are planned, V30).
     */
    public Map<Long, Long> suspenseFor(Collection<String> refs, Collection<Long> periods) {
        Map<Long, Long> held = new HashMap<>();
        if (refs.isEmpty() || periods.isEmpty()) {
            return held;
        }
        sql.sql("""
                SELECT r.period_id, sum(rl.amount)
                  FROM run_line rl JOIN distribution_run r ON r.tenant_id = rl.tenant_id AND r.period_id = rl.period_id
                                                          AND r.id = rl.run_id
                 WHERE rl.tenant_id = :tenant AND rl.period_id = ANY (:periods) AND r.status = 'DISTRIBUTED' AND NOT rl.matched
                   AND rl.member_ref = ANY (:refs)
                 GROUP BY r.period_id
                """).bind("periods", periods.toArray(Long[]::new)).bind("refs", refs.toArray(String[]::new))
                .list(rs -> held.put(rs.getLong(1), rs.getLong(2)));
        return held;
    }

    public Optional<FilingRecord> filing(long filingId) {
        List<FilingRecord.CategoryRecord> categories = sql.sql("""
                SELECT category_key, weight, amount, administered, coalesce(fee, 0), coalesce(net, 0), coalesce(units, 0)
                  FROM filing_category WHERE tenant_id = :tenant AND filing_id = ? ORDER BY category_key COLLATE "C"
                """).args(filingId).list(rs -> new FilingRecord.CategoryRecord(rs.getString(1), rate(rs, 2), rs.getLong(3),
                rs.getBoolean(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
        // The builder, the model and the attestation as the distribution published them. The evaluator a builder
        // names on its filing is a claim; only attestations recorded by evaluators the CMO trusted, for this exact
        // content, counted then, and that is what the trail shows.
        return sql.sql("""
                SELECT f.id, pf.builder_name, pf.model, f.revenue, f.serving_cost, f.post_training_cost, f.data_value_share,
                       f.operating_profit, f.pool, f.tenant_gross, pf.attested_by, pf.attestation_reference
                  FROM filing f JOIN published_filing pf ON pf.tenant_id = f.tenant_id AND pf.filing_id = f.id
                 WHERE f.tenant_id = :tenant AND f.id = ?
                """).args(filingId).one(rs -> new FilingRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rate(rs, 7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                rs.getString(12), categories))
                .map(f -> new FilingRecord(f.id(), f.builder(), f.model(), f.revenue(), f.servingCost(), f.postTrainingCost(),
                        f.dataValueShare(), f.operatingProfit(), f.pool(), f.tenantGross(), f.attestationEvaluator(),
                        f.attestationReference(), f.categories(), valuations(filingId, f.dataValueShare())));
    }

    /** An attested valuation as published: the evaluator, the valuation computed again, the digest it was attested with. */
    private record PublishedValuation(String evaluator, Optional<ScalingLaw.Valuation> valuation, String sha256) {
    }

    /**
     * The valuations that the attestations standing at publication carried (V14 records their ids with the published
     * filing; attestations are never edited), beside the filed share. One whose inputs no longer give the digest it
     * was attested with is left out: bound to it, the attestation no longer stands.
     */
    private List<String> valuations(long filingId, Rate filed) {
        return sql.sql("""
                SELECT e.name, a.valuation_method, a.valuation_e, a.valuation_a, a.valuation_alpha, a.valuation_b, a.valuation_beta,
                       a.valuation_n, a.valuation_d, a.valuation_n0, a.valuation_d0, a.valuation_sha256
                  FROM published_filing pf
                  JOIN attestation a ON a.tenant_id = pf.tenant_id AND a.id = ANY (pf.valuation_attestations)
                  JOIN evaluator_org e ON e.id = a.evaluator_id
                 WHERE pf.tenant_id = :tenant AND pf.filing_id = ? AND a.valuation_sha256 IS NOT NULL
                 ORDER BY a.id
                """).args(filingId).list(rs -> new PublishedValuation(rs.getString(1), Valuations.stored(rs.getString(2),
                        rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8),
                        rs.getDouble(9), rs.getDouble(10), rs.getDouble(11)), rs.getString(12)))
                .stream().filter(p -> p.valuation().map(v -> v.sha256().equals(p.sha256())).orElse(false))
                .map(p -> Valuations.sentence(filed, p.valuation().orElseThrow(), p.evaluator())).toList();
    }

    /** The category's distribution rule and name; the default rule when the category is gone. */
    public DistributionRule rule(String category) {
        return sql.sql("SELECT rule FROM category WHERE tenant_id = :tenant AND key = ?").args(category)
                .one(rs -> DistributionRule.valueOf(rs.getString(1))).orElse(DistributionRule.PRO_RATA_UNITS);
    }

    public String categoryName(String category) {
        return categories.nameOf(category);
    }

    /**
     * For one category of one filing in a run, as the engine counted them when it calculated the run (run_category,
     * V43): the number of refs with usage, and the sum of everyone's rounded-down share of the net (the net less the
     * minor units that went to the largest remainders), so the trail can say how many were left for the largest
     * remainders. Zeros when the run kept no such figure (a run whose lines were archived before V43).
     */
    public long[] categoryShares(long runId, long filingId, String category) {
        return sql.sql("""
                SELECT refs, net - leftover FROM run_category
                 WHERE tenant_id = :tenant AND run_id = :run AND filing_id = :filing AND category_key = :category
                   AND leftover IS NOT NULL
                """).bind("run", runId).bind("filing", filingId).bind("category", category)
                .one(rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElse(new long[] {0, 0});
    }

    static Rate rate(ResultSet rs, int column) throws SQLException {
        return Rate.ofMillionths(rs.getBigDecimal(column).movePointRight(6).longValueExact());
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
