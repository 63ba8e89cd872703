package org.cmoportal.statement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.distribution.AcceptedFiling;
import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MemberStatement;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.PeriodAggregator;
import org.cmoportal.distribution.PeriodDistribution;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;

/**
 * A CMO with distributed periods, written exactly as the distribution publishes them (filing,
 * filing_category, filing_usage, distribution_run, run_line, published_filing, statement, account_entry; the view
 * statement_line shows the run's lines), every figure computed by the engine, so pages can be checked against it.
 * Each call makes a new tenant.
 */
@ApplicationScoped
public class StatementFixture {

    private static final AtomicInteger SEQ = new AtomicInteger();
    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    static final Rate FEE = Rate.parse("0.1");

    /** One filing to write: builder (name), model, figures and usage lines (category, ref, units). */
    public record FilingSpec(String builder, String model, String revenue, String servingCost, String postTrainingCost,
            String share, Map<String, String> weights, List<Object[]> usage) {
    }

    /** One distributed period and what the engine said about it. */
    public record PeriodResult(long periodId, String label, long runId, PeriodDistribution distribution,
            Map<String, Long> statementIds, Map<Long, FilingCalculation> calculations) {
    }

    /** What was written. */
    public record Result(String tenant, String tenantName, Map<String, Long> builderIds, Map<String, PeriodResult> periods) {

        public PeriodResult period(String label) {
            return periods.get(label);
        }
    }

    @Inject
    TenantScope scope;

    @Inject
    DataSource dataSource;

    /** The members by ref (carol has no account yet; "=evil" is a ref a spreadsheet would read as a formula). */
    static final Map<String, String> MEMBERS = Map.of("alice", "Alice Archer", "bob", "Bob Baker", "carol", "Carol Cho",
            "=evil", "Eve Formula");

    static final Map<String, DistributionRule> CATEGORIES = new LinkedHashMap<>();
    static {
        CATEGORIES.put("news", DistributionRule.PRO_RATA_UNITS);
        CATEGORIES.put("code", DistributionRule.PRO_RATA_UNITS);
        CATEGORIES.put("books", DistributionRule.EQUAL_SHARES);
    }

    /** The standard case: two distributed periods and an open one; see the class comment of each filing. */
    public Result standard(String admin, String builderUser) {
        String n = Integer.toString(SEQ.incrementAndGet()) + Long.toString(System.nanoTime() % 100000);
        String tenant = "stmt-" + n;
        String name = "Statement Guild " + n;
        Map<String, Long> builders = new LinkedHashMap<>();
        scope.run(tenant, () -> {
            exec("INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES (?, ?, 'USD', 0.1)", tenant, name);
            for (var c : CATEGORIES.entrySet()) {
                exec("INSERT INTO category (tenant_id, key, name, rule) VALUES (?, ?, ?, ?)", tenant, c.getKey(),
                        Character.toUpperCase(c.getKey().charAt(0)) + c.getKey().substring(1), c.getValue().name());
            }
            for (var m : MEMBERS.entrySet()) {
                exec("INSERT INTO member (tenant_id, ref, name) VALUES (?, ?, ?)", tenant, m.getKey(), m.getValue());
            }
            builders.put("Acme AI", builder("acme-" + n, "Acme AI"));
            builders.put("+Evil Labs", builder("evil-" + n, "+Evil Labs"));
            for (long b : builders.values()) {
                exec("INSERT INTO licence (tenant_id, builder_id, granted_by) VALUES (?, ?, 'fixture')", tenant, b);
            }
            linkNow("alice", tenant, "alice");
            linkNow("bob", tenant, "bob");
            long adminId = user(admin);
            exec("INSERT INTO affiliation (user_id, kind, tenant_id) VALUES (?, 'TENANT_ADMIN', ?)", adminId, tenant);
            exec("INSERT INTO affiliation (user_id, kind, builder_id) VALUES (?, 'BUILDER_USER', ?) ON CONFLICT DO NOTHING",
                    user(builderUser), builders.get("Acme AI"));
        });
        Map<String, PeriodResult> periods = new LinkedHashMap<>();
        Map<String, String> mix = Map.of("news", "0.25", "code", "0.40", "books", "0.15", "other", "0.20");
        periods.put("2026-Q2", distributed(tenant, "2026-Q2", builders, List.of(
                new FilingSpec("Acme AI", "acme-llm-6", "400000.00", "150000.00", "50000.00", "0.25",
                        Map.of("news", "0.5", "code", "0.5"),
                        List.of(new Object[] {"news", "alice", 2L}, new Object[] {"news", "bob", 2L},
                                new Object[] {"code", "alice", 1L}, new Object[] {"code", "zed", 1L}))), 0));
        periods.put("2026-Q3", distributed(tenant, "2026-Q3", builders, List.of(
                // the worked example of economics.md, and more categories
                new FilingSpec("Acme AI", "acme-llm-7", "1250000.00", "400000.00", "100000.00", "0.30", mix,
                        List.of(new Object[] {"news", "alice", 3L}, new Object[] {"news", "bob", 1L}, new Object[] {"news", "zed", 3L},
                                new Object[] {"code", "alice", 5L}, new Object[] {"code", "=evil", 2L},
                                new Object[] {"books", "alice", 1L}, new Object[] {"books", "bob", 4L}, new Object[] {"books", "carol", 1L})),
                // a builder and model whose names start like formulas
                new FilingSpec("+Evil Labs", "-model", "500000.00", "100000.00", "0", "0.25",
                        Map.of("news", "0.5", "other", "0.5"),
                        List.of(new Object[] {"news", "alice", 2L}, new Object[] {"news", "=evil", 1L})),
                // a loss: the member's units show, the amount is 0
                new FilingSpec("Acme AI", "acme-small", "1000.00", "2000.00", "0", "0.30", Map.of("news", "1"),
                        List.<Object[]>of(new Object[] {"news", "alice", 4L}))), 1));
        scope.run(tenant, () -> exec("INSERT INTO period (tenant_id, label, state, opened_by) VALUES (?, '2026-Q4', 'OPEN', 'fixture')", tenant));
        return new Result(tenant, name, builders, periods);
    }

    /** Links a user (created if needed) to a member ref: a person signing in later sees the ref's history. */
    public void link(String username, String tenant, String ref) {
        scope.run(tenant, () -> linkNow(username, tenant, ref));
    }

    private void linkNow(String username, String tenant, String ref) {
        exec("INSERT INTO affiliation (user_id, kind, tenant_id, member_ref) VALUES (?, 'MEMBER', ?, ?)", user(username), tenant, ref);
    }

    private PeriodResult distributed(String tenant, String label, Map<String, Long> builders, List<FilingSpec> specs, int order) {
        return scope.call(tenant, () -> {
            long periodId = insert("INSERT INTO period (tenant_id, label, opened_by, opened_at, closed_at, calculated_by, "
                    + "calculated_at, approved_by, approved_at, distributed_by, distributed_at) VALUES (?, ?, 'fixture', "
                    + "now() - make_interval(days => ?), now(), 'nadia', now(), 'noah', now(), 'nadia', now()) RETURNING id",
                    tenant, label, 100 - order);
            // a period is opened OPEN and moves only along its workflow (the database holds it to that)
            for (String state : List.of("CLOSED", "CALCULATED", "APPROVED", "DISTRIBUTED")) {
                exec("UPDATE period SET state = ? WHERE id = ?", state, periodId);
            }
            List<AcceptedFiling> accepted = new ArrayList<>();
            Map<Long, FilingCalculation> calculations = new HashMap<>();
            int seq = 0;
            for (FilingSpec s : specs) {
                FilingFigures figures = new FilingFigures(Amounts.parse(s.revenue(), USD), Amounts.parse(s.servingCost(), USD),
                        Amounts.parse(s.postTrainingCost(), USD), Rate.parse(s.share()), MixtureWeights.parse(s.weights()));
                List<Filings.Line> usage = s.usage().stream().map(u -> new Filings.Line((String) u[0], (String) u[1], (Long) u[2])).toList();
                Filings.Raw filing = Filings.raw(tenant, periodId, builders.get(s.builder()), s.model()).status("ACCEPTED")
                        .attestation("Example Evals", "report-" + label + "-" + (++seq), null).content("a".repeat(64))
                        .figures(figures, usage);
                Filings.Written written = withConnection(filing::insert);
                FilingCalculation c = written.calculation();
                calculations.put(written.id(), c);
                accepted.add(new AcceptedFiling(Long.toString(written.id()), s.builder(), s.model(), c));
            }
            PeriodDistribution dist = PeriodAggregator.aggregate(accepted);
            long runId = insert("INSERT INTO distribution_run (tenant_id, period_id, status, calculated_by, tenant_gross, fees, paid, suspense) "
                    + "VALUES (?, ?, 'DISTRIBUTED', 'nadia', ?, ?, ?, ?) RETURNING id",
                    tenant, periodId, dist.tenantGross(), dist.fees(), dist.paid(), dist.suspense());
            for (AcceptedFiling f : dist.filings()) {
                long filingId = Long.parseLong(f.filingId());
                for (CategoryDistribution d : f.calculation().distributions()) {
                    // what the run stores of each category, the trail's rounding among it (RunCalculator)
                    exec("INSERT INTO run_category (run_id, tenant_id, filing_id, category_key, rule, amount, fee, net, units, refs, leftover) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, tenant, filingId, d.category(), d.rule().name(),
                            d.amount(), d.fee(), d.net(), d.categoryUnits(), d.payoutCount(), d.roundingLeftover());
                    if (!d.hasUsage()) {
                        exec("INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount, period_id) "
                                + "VALUES (?, ?, ?, ?, NULL, false, 0, 0, ?, ?)", runId, tenant, filingId, d.category(), d.categorySuspense(), periodId);
                    }
                    for (int i = 0; i < d.payoutCount(); i++) {
                        exec("INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount, period_id) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, tenant, filingId, d.category(), d.ref(i), d.matched(i),
                                d.units(i), d.categoryUnits(), d.payout(i), periodId);
                    }
                }
            }
            // what publication writes of each filing: nothing recorded attests these (the builder's naming is a claim)
            for (AcceptedFiling f : accepted) {
                exec("INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model) VALUES (?, ?, ?, ?, ?)",
                        Long.parseLong(f.filingId()), tenant, runId, f.builder(), f.model());
            }
            Map<String, Long> statementIds = new LinkedHashMap<>();
            for (MemberStatement st : dist.statements()) {
                long id = insert("INSERT INTO statement (tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        tenant, periodId, runId, st.ref(), MEMBERS.get(st.ref()), FEE.toBigDecimal(), st.total());
                statementIds.put(st.ref(), id);
                // its lines are the run's matched lines of its ref, written above (the view statement_line, V25)
            }
            // and the EARNED entries the distribution posts with them (account/Ledger.earnedFrom), at the distribution
            exec("INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, at, period_key) "
                    + "SELECT s.tenant_id, s.member_ref, 'EARNED', s.total, s.period_id, 'period', s.period_id, 'Distribution of ' || ?, "
                    + "p.distributed_at, s.period_id FROM statement s JOIN period p ON p.id = s.period_id WHERE s.period_id = ? AND s.total > 0",
                    label, periodId);
            return new PeriodResult(periodId, label, runId, dist, statementIds, calculations);
        });
    }

    private long builder(String slug, String name) {
        return insert("INSERT INTO builder_org (slug, name) VALUES (?, ?) RETURNING id", slug, name);
    }

    private long user(String username) {
        exec("INSERT INTO app_user (username) VALUES (?) ON CONFLICT (username) DO NOTHING", username);
        return insert("SELECT id FROM app_user WHERE username = ?", username);
    }

    /** Work on the data source's connection, which is the transaction's: {@code scope} opened one. */
    private <T> T withConnection(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private void exec(String sql, Object... args) {
        withConnection(c -> OwnerSql.update(c, sql, args));
    }

    private long insert(String sql, Object... args) {
        return withConnection(c -> OwnerSql.number(c, sql, args));
    }
}
