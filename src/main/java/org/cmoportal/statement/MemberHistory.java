package org.cmoportal.statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.statement.chart.BarChart;
import org.cmoportal.statement.chart.HBarChart;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * A member's statements in one CMO, period by period, each with a plain status (earned, nothing earned and
 * why, not distributed yet), a page at a time, and the earnings charts. Earned is what a distribution gave the member;
 * what was paid is the member account's (account/), never said here. Read inside the tenant's transaction.
 */
@ApplicationScoped
public class MemberHistory {

    /** One row of the history: a period, and the statement of one ref there (or why there is none). */
    public record Entry(String periodLabel, String state, Long statementId, String ref, long total,
            int lineCount, String status, String reason) {

        public boolean earned() {
            return "earned".equals(status);
        }

        /** Not distributed yet: there is no total to show. */
        public boolean pending() {
            return "pending".equals(status);
        }
    }

    /**
     * What the member home shows for one CMO besides the page of statements, each read as one row a period at most:
     * amounts in minor units of {@code currency}; {@code earnedByPeriod} is every distributed period's label, newest
     * last, with what the member's statements in it came to (0 where nothing was distributed to them);
     * {@code explainedStatement} is the newest statement with lines (null when none has), which "how is it computed"
     * explains.
     */
    public record View(String tenantId, CurrencyUnit currency, long lifetime, boolean hasStatements,
            Map<String, Long> earnedByPeriod, Long explainedStatement, BarChart overPeriods, HBarChart byCategory,
            HBarChart byBuilder) {
    }

    /** A page of a member's statements in one CMO, as the table shows them. */
    public record Shown(List<Entry> rows, Paging paging) {
    }

    /**
     * Rows per page of a member's statements in one CMO: three years of quarters, so each CMO's table stays short
     * enough on a member's home, which stacks one per CMO, for the next CMO to be found below it.
     */
    public static final int PAGE = 12;

    @Inject
    StatementReader reader;

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    public View read(Collection<String> refs, String currencyCode, String tenantName) {
        CurrencyUnit cu = CurrencyUnit.of(currencyCode);
        Map<Long, Long> totals = reader.totalsByPeriod(refs);
        Map<String, Long> perPeriod = new LinkedHashMap<>();
        long lifetime = 0;
        boolean hasStatements = false;
        List<StatementReader.PeriodInfo> periods = reader.periods();
        for (int i = periods.size() - 1; i >= 0; i--) {
            StatementReader.PeriodInfo p = periods.get(i);
            if (p.distributed()) {
                long earned = totals.getOrDefault(p.id(), 0L);
                perPeriod.put(p.label(), earned);
                lifetime += earned;
                hasStatements |= totals.containsKey(p.id());
            }
        }
        Long explained = reader.latestWithLines(refs, totals.keySet()).orElse(null);
        String id = tenant.tenantId();
        BarChart over = BarChart.of("earnings-" + id, "Your earnings by period",
                "What " + tenantName + " distributed to you in each distributed period, in " + cu.code() + ".", "Earned (" + cu.code() + ")",
                perPeriod.entrySet().stream().map(e -> new BarChart.Input(e.getKey(), e.getValue())).toList(),
                v -> Amounts.formatGrouped(v, cu));
        HBarChart byCategory = HBarChart.of("categories-" + id, "By data category",
                "Your earnings from " + tenantName + " in all periods, by data category.", split(refs, totals.keySet(), "coalesce(c.name, l.category_key)"), cu);
        HBarChart byBuilder = HBarChart.of("builders-" + id, "By builder",
                "Your earnings from " + tenantName + " in all periods, by the builder whose models used your work.", split(refs, totals.keySet(), "l.builder_name"), cu);
        return new View(id, cu, lifetime, hasStatements, perPeriod, explained, over, byCategory, byBuilder);
    }

    /**
     * Every period of the tenant, each with the refs' statements in it (or one row saying why there is none), newest
     * period first and then the ref in code point order; those whose label holds {@code like}.
     */
    private static final String ROWS = """
            FROM period p LEFT JOIN statement s ON s.tenant_id = p.tenant_id AND s.period_id = p.id
                                             AND p.state = 'DISTRIBUTED' AND s.member_ref = ANY (:refs)
            WHERE p.tenant_id = :tenant AND (CAST(:like AS text) IS NULL OR lower(p.label) LIKE :like)
            """;

    /** One row of {@link #ROWS}: a period, and the statement of one ref there, if any. */
    private record Row(long periodId, String label, String state, Long statementId, String ref, long total) {

        boolean distributed() {
            return "DISTRIBUTED".equals(state);
        }
    }

    /**
     * The page {@code requested} of the statements table: the rows whose period label holds the search (any case),
     * counted and read a page at a time in the database; the lines and the suspense are read for that page's rows alone.
     */
    public Shown page(Collection<String> refs, CurrencyUnit cu, String tenantName, String query, int requested) {
        String like = Paging.like(query);
        String[] held = refs.toArray(String[]::new);
        Paging paging = Paging.of(requested, PAGE, sql.sql("SELECT count(*) " + ROWS).bind("refs", held).bind("like", like)
                .single(rs -> rs.getLong(1)));
        List<Row> rows = sql.sql("SELECT p.id, p.label, p.state, s.id, s.member_ref, s.total " + ROWS
                + " ORDER BY p.opened_at DESC, p.id DESC, s.member_ref COLLATE \"C\" LIMIT :limit OFFSET :offset")
                .bind("refs", held).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4), rs.getString(5),
                        rs.getLong(6)));
        List<Long> distributed = rows.stream().filter(Row::distributed).map(Row::periodId).distinct().toList();
        Map<Long, Long> suspense = reader.suspenseFor(refs, distributed);
        Map<Long, Integer> lines = reader.lineCounts(rows.stream().filter(r -> r.statementId() != null).map(Row::periodId).toList(),
                rows.stream().map(Row::statementId).filter(Objects::nonNull).toList());
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Row r : rows) {
            entries.add(entry(r, refs.size(), suspense.getOrDefault(r.periodId(), 0L),
                    r.statementId() == null ? 0 : lines.getOrDefault(r.statementId(), 0), cu, tenantName));
        }
        return new Shown(entries, paging);
    }

    /** A row with its status in plain words: not distributed yet, nothing earned and why, or earned. */
    private static Entry entry(Row r, int refs, long held, int lineCount, CurrencyUnit cu, String tenantName) {
        if (!r.distributed()) {
            return new Entry(r.label(), r.state(), null, null, 0, 0, "pending",
                    "Not distributed yet (" + r.state().toLowerCase() + "): nothing is distributed until " + tenantName
                            + "'s administrators approve and distribute the period.");
        }
        String heldNote = held > 0 ? " " + Amounts.formatGrouped(held, cu) + " " + cu.code()
                + " is held in suspense under your ref: it was not matched to a member when the period was calculated. Ask "
                + tenantName + " to release it to you." : "";
        if (r.statementId() == null) {
            return new Entry(r.label(), r.state(), null, null, 0, 0, "nothing",
                    (held > 0 ? "Nothing was distributed to you." : "Nothing was distributed to you: no builder reported usage of your work under your ref"
                            + (refs == 1 ? "" : "s") + " in this period.") + heldNote);
        }
        String reason = r.total() > 0 ? null
                : lineCount == 0 ? "No usage was reported for ref " + r.ref() + "." + heldNote
                : "Your usage was reported, but the models made no operating profit, so there was nothing to share." + heldNote;
        return new Entry(r.label(), r.state(), r.statementId(), r.ref(), r.total(), lineCount, r.total() > 0 ? "earned" : "nothing", reason);
    }

    /** {@code periods}: the periods of the refs' statements, named so that only their partitions of run_line are planned. */
    private Map<String, Long> split(Collection<String> refs, Collection<Long> periods, String key) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (refs.isEmpty() || periods.isEmpty()) {
            return out;
        }
        sql.sql("SELECT " + key + ", sum(l.amount) FROM statement_line l "
                + "JOIN statement s ON s.tenant_id = l.tenant_id AND s.period_id = l.period_id AND s.id = l.statement_id "
                + "LEFT JOIN category c ON c.tenant_id = l.tenant_id AND c.key = l.category_key "
                + "WHERE s.tenant_id = :tenant AND s.member_ref = ANY (?) AND l.period_id = ANY (?) GROUP BY 1")
                .args((Object) refs.toArray(String[]::new), (Object) periods.toArray(Long[]::new)).list(rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }
}
