package org.cmoportal.statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * why, not distributed yet), and the earnings charts. Earned is what a distribution gave the member; what was paid
 * is the member account's (account/), never said here. Read inside the tenant's transaction.
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

    /** Everything the member home shows for one CMO; amounts in minor units of {@code currency}. */
    public record View(String tenantId, CurrencyUnit currency, List<Entry> entries, long lifetime, BarChart overPeriods,
            HBarChart byCategory, HBarChart byBuilder) {

        public boolean hasStatements() {
            return entries.stream().anyMatch(e -> e.statementId() != null);
        }

        /**
         * The rows the statements table shows: those whose period label holds the search (any case), a page at a
         * time. A member's rows are one per period and ref, read whole for the charts and the lifetime total, so they
         * are paged here rather than in SQL.
         */
        public Shown shown(String query, int page) {
            String q = Paging.contains(query);
            List<Entry> found = q == null ? entries
                    : entries.stream().filter(e -> e.periodLabel().toLowerCase(Locale.ROOT).contains(q)).toList();
            Paging paging = Paging.of(page, PAGE, found.size());
            return new Shown(found.subList((int) paging.offset(), (int) paging.last()), paging);
        }
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
        List<StatementReader.Summary> summaries = reader.summaries(refs);
        Map<Long, List<StatementReader.Summary>> byPeriod = new HashMap<>();
        for (StatementReader.Summary s : summaries) {
            byPeriod.computeIfAbsent(s.periodId(), k -> new ArrayList<>()).add(s);
        }
        Map<Long, Long> suspense = new HashMap<>();
        for (long[] s : reader.suspenseFor(refs)) {
            suspense.put(s[0], s[1]);
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Long> perPeriod = new LinkedHashMap<>();
        long lifetime = 0;
        List<StatementReader.PeriodInfo> periods = reader.periods();
        for (StatementReader.PeriodInfo p : periods) {
            List<StatementReader.Summary> mine = byPeriod.getOrDefault(p.id(), List.of());
            if (!p.distributed()) {
                entries.add(new Entry(p.label(), p.state(), null, null, 0, 0, "pending",
                        "Not distributed yet (" + p.state().toLowerCase() + "): nothing is distributed until " + tenantName
                                + "'s administrators approve and distribute the period."));
                continue;
            }
            long held = suspense.getOrDefault(p.id(), 0L);
            String heldNote = held > 0 ? " " + Amounts.formatGrouped(held, cu) + " " + cu.code()
                    + " is held in suspense under your ref: it was not matched to a member when the period was calculated. Ask "
                    + tenantName + " to release it to you." : "";
            if (mine.isEmpty()) {
                entries.add(new Entry(p.label(), p.state(), null, null, 0, 0, "nothing",
                        (held > 0 ? "Nothing was distributed to you." : "Nothing was distributed to you: no builder reported usage of your work under your ref"
                                + (refs.size() == 1 ? "" : "s") + " in this period.") + heldNote));
            }
            for (StatementReader.Summary s : mine) {
                String reason = s.total() > 0 ? null
                        : s.lineCount() == 0 ? "No usage was reported for ref " + s.ref() + "." + heldNote
                        : "Your usage was reported, but the models made no operating profit, so there was nothing to share." + heldNote;
                entries.add(new Entry(p.label(), p.state(), s.id(), s.ref(), s.total(), s.lineCount(), s.total() > 0 ? "earned" : "nothing", reason));
                lifetime += s.total();
            }
        }
        for (int i = periods.size() - 1; i >= 0; i--) {
            StatementReader.PeriodInfo p = periods.get(i);
            if (p.distributed()) {
                perPeriod.put(p.label(), byPeriod.getOrDefault(p.id(), List.of()).stream()
                        .mapToLong(StatementReader.Summary::total).sum());
            }
        }
        String id = tenant.tenantId();
        BarChart over = BarChart.of("earnings-" + id, "Your earnings by period",
                "What " + tenantName + " distributed to you in each distributed period, in " + cu.code() + ".", "Earned (" + cu.code() + ")",
                perPeriod.entrySet().stream().map(e -> new BarChart.Input(e.getKey(), e.getValue())).toList(),
                v -> Amounts.formatGrouped(v, cu));
        HBarChart byCategory = HBarChart.of("categories-" + id, "By data category",
                "Your earnings from " + tenantName + " in all periods, by data category.", split(refs, byPeriod.keySet(), "coalesce(c.name, l.category_key)"), cu);
        HBarChart byBuilder = HBarChart.of("builders-" + id, "By builder",
                "Your earnings from " + tenantName + " in all periods, by the builder whose models used your work.", split(refs, byPeriod.keySet(), "l.builder_name"), cu);
        return new View(id, cu, entries, lifetime, over, byCategory, byBuilder);
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
