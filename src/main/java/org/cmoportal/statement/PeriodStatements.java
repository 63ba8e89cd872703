package org.cmoportal.statement;

import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.error.DomainException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.statement.chart.BarChart;
import org.cmoportal.statement.chart.FlowChart;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/** An administrator's view of a distributed period's statements: the money flow, the payouts, every statement. */
@ApplicationScoped
public class PeriodStatements {

    public static final int PAGE = 50;

    /** A statement in the administrator's list. */
    public record Row(long id, String ref, String name, long total) {
    }

    /** The run's totals as distributed. */
    public record RunTotals(long runId, long tenantGross, long fees, long paid, long suspense) {
    }

    /** Everything the period's statements page shows. */
    public record Overview(String tenantId, String tenantName, CurrencyUnit currency, StatementReader.PeriodInfo period,
            List<StatementReader.PeriodInfo> periods, RunTotals run, long pool, int filings, long statements,
            FlowChart flow, BarChart payouts, List<Row> largest, List<Row> rows, long matching, String query, Paging paging) {
    }

    /** How many of the latest distributed periods the period's page offers in its menu. */
    public static final int LATEST_PERIODS = 10;

    @Inject
    TenantSql sql;

    @Inject
    StatementReader reader;

    @Inject
    TenantContext tenant;

    @Transactional
    public List<StatementReader.PeriodInfo> distributedPeriods() {
        return reader.periods().stream().filter(StatementReader.PeriodInfo::distributed).toList();
    }

    /** The distributed periods a page at a time, searched by label. */
    @Transactional
    public StatementReader.DistributedPage distributed(String query, int page) {
        return reader.distributed(query, page);
    }

    @Transactional
    public Overview overview(String label, String query, int page) {
        String t = tenant.tenantId();
        List<StatementReader.PeriodInfo> periods = reader.periods();
        StatementReader.PeriodInfo period = periods.stream().filter(p -> p.label().equals(label)).findFirst()
                .orElseThrow(() -> DomainException.notFound("Period '" + label + "'"));
        String[] tn = sql.sql("SELECT name, currency FROM tenant WHERE id = :tenant")
                .single(rs -> new String[] {rs.getString(1), rs.getString(2)});
        CurrencyUnit cu = CurrencyUnit.of(tn[1]);
        // the latest few in the page's menu; the list of distributed periods has them all, a page at a time
        List<StatementReader.PeriodInfo> distributed = periods.stream().filter(StatementReader.PeriodInfo::distributed)
                .limit(LATEST_PERIODS).toList();
        if (!period.distributed() || period.runId() == null) {
            return new Overview(t, tn[0], cu, period, distributed, null, 0, 0, 0, null, null, List.of(), List.of(), 0, "", Paging.of(1, PAGE, 0));
        }
        RunTotals run = sql.sql("SELECT id, tenant_gross, fees, paid, suspense FROM distribution_run WHERE tenant_id = :tenant AND id = ?")
                .args(period.runId())
                .single(rs -> new RunTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        long[] pool = sql.sql("SELECT coalesce(sum(pool), 0), count(*) FROM filing WHERE tenant_id = :tenant AND period_id = ? AND status = 'ACCEPTED'")
                .args(period.id()).single(rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        Map<String, long[]> split = new LinkedHashMap<>();
        sql.sql("""
                SELECT fc.category_key, sum(fc.amount), sum(coalesce(fc.fee, 0))
                  FROM filing_category fc JOIN filing f ON f.tenant_id = fc.tenant_id AND f.id = fc.filing_id
                 WHERE f.tenant_id = :tenant AND f.period_id = ? AND f.status = 'ACCEPTED' AND fc.administered
                 GROUP BY fc.category_key ORDER BY fc.category_key COLLATE "C"
                """).args(period.id()).list(rs -> split.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), 0, 0}));
        sql.sql("""
                SELECT category_key, coalesce(sum(amount) FILTER (WHERE matched), 0), coalesce(sum(amount) FILTER (WHERE NOT matched), 0)
                  FROM run_line WHERE tenant_id = :tenant AND period_id = ? AND run_id = ? GROUP BY 1
                """).args(period.id(), run.runId()).list(rs -> {
            long[] v = split.computeIfAbsent(rs.getString(1), k -> new long[4]);
            v[2] = rs.getLong(2);
            v[3] = rs.getLong(3);
            return v;
        });
        List<FlowChart.CategoryFlow> flows = new ArrayList<>();
        split.forEach((k, v) -> flows.add(new FlowChart.CategoryFlow(reader.categoryName(k), v[0], v[1], v[2], v[3])));
        FlowChart flow = FlowChart.of("flow-" + period.label(), pool[0], flows, cu);

        List<BarChart.Input> bins = new ArrayList<>();
        Map<Integer, Long> counts = new LinkedHashMap<>();
        sql.sql("SELECT CASE WHEN total = 0 THEN 0 ELSE length(total::text) END, count(*) FROM statement "
                + "WHERE tenant_id = :tenant AND period_id = ? GROUP BY 1 ORDER BY 1")
                .args(period.id()).list(rs -> counts.put(rs.getInt(1), rs.getLong(2)));
        long statements = counts.values().stream().mapToLong(Long::longValue).sum();
        if (!counts.isEmpty()) {
            int maxDigits = counts.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
            int minDigits = counts.keySet().stream().filter(d -> d > 0).mapToInt(Integer::intValue).min().orElse(1);
            if (counts.containsKey(0)) {
                bins.add(new BarChart.Input("0", counts.get(0)));
            }
            for (int d = minDigits; d <= maxDigits; d++) {
                bins.add(new BarChart.Input(compact(pow10(d - 1), cu) + "–" + compact(pow10(d), cu), counts.getOrDefault(d, 0L)));
            }
        }
        BarChart payouts = BarChart.of("payouts-" + period.label(), "Members by statement total",
                "How many members received a statement total in each band (" + cu.code() + ", each band ten times the last).",
                "Members", bins, v -> String.format(java.util.Locale.ENGLISH, "%,d", v));

        String q = query == null ? "" : query.strip();
        String like = Paging.like(q);
        // the names the statements were published with, as each statement shows its payee
        String base = "FROM statement s WHERE s.tenant_id = :tenant AND s.period_id = :period "
                + "AND (CAST(:like AS text) IS NULL OR lower(s.member_ref) LIKE :like OR lower(s.member_name) LIKE :like)";
        long matching = sql.sql("SELECT count(*) " + base).bind("period", period.id()).bind("like", like)
                .single(rs -> rs.getLong(1));
        Paging paging = Paging.of(page, PAGE, matching);
        List<Row> list = sql.sql("SELECT s.id, s.member_ref, s.member_name, s.total " + base
                + " ORDER BY s.member_ref COLLATE \"C\" LIMIT :limit OFFSET :offset")
                .bind("period", period.id()).bind("like", like).bind("limit", PAGE).bind("offset", paging.offset()).list(rs -> row(rs));
        List<Row> largest = sql.sql("SELECT s.id, s.member_ref, s.member_name, s.total FROM statement s "
                + "WHERE s.tenant_id = :tenant AND s.period_id = ? "
                + "ORDER BY s.total DESC, s.member_ref COLLATE \"C\" LIMIT 10").args(period.id()).list(rs -> row(rs));
        return new Overview(t, tn[0], cu, period, distributed, run, pool[0], (int) pool[1], statements, flow, payouts, largest, list,
                matching, q, paging);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }

    @Transactional
    public StatementReader.PeriodInfo requireDistributed(String label) {
        return reader.period(label).filter(StatementReader.PeriodInfo::distributed)
                .orElseThrow(() -> DomainException.notFound("Distributed period '" + label + "'"));
    }

    /** Every statement line of the period as one CSV, streamed from the database. */
    @Transactional
    public void exportCsv(String label, Writer out) {
        StatementReader.PeriodInfo period = requireDistributed(label);
        String currency = sql.sql("SELECT currency FROM tenant WHERE id = :tenant").single(rs -> rs.getString(1));
        CurrencyUnit cu = CurrencyUnit.of(currency);
        CsvExport.MemberLines csv = new CsvExport.MemberLines(out, tenant.tenantId(), period.label(), cu.code());
        sql.sql("""
                SELECT s.member_ref, l.builder_name, l.model, l.category_key, l.units, l.category_units, l.amount
                  FROM statement s JOIN statement_line l ON l.tenant_id = s.tenant_id AND l.period_id = s.period_id
                                                   AND l.statement_id = s.id
                 WHERE s.tenant_id = :tenant AND s.period_id = ?
                 ORDER BY s.member_ref COLLATE "C", l.builder_name COLLATE "C", l.model COLLATE "C", l.filing_id, l.category_key COLLATE "C"
                """).args(period.id()).stream(rs -> csv.line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getLong(6), Amounts.format(rs.getLong(7), cu)));
        csv.flush();
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    /** 100000 cents as "1k": short axis labels in major units. */
    static String compact(long minor, CurrencyUnit cu) {
        BigDecimal major = Amounts.toBigDecimal(minor, cu);
        String[] suffix = {"", "k", "M", "B", "T"};
        int i = 0;
        while (major.compareTo(BigDecimal.valueOf(1000)) >= 0 && i < suffix.length - 1) {
            major = major.movePointLeft(3);
            i++;
        }
        return major.stripTrailingZeros().toPlainString() + suffix[i];
    }
}
