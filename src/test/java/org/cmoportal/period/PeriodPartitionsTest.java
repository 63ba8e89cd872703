package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.account.Ledger;
import org.cmoportal.account.MemberAccounts;
import org.cmoportal.statement.StatementAccount;
import org.cmoportal.statement.StatementReader;
import org.cmoportal.statement.StatementService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The tables that grow with usage and the ledger, one partition per period (V30, V40): made with the period, the
 * tenant's policy holding through the partitioned table, the partitions closed to the application, and a period detached
 * (as ops/archive-period.sh does) leaving the other periods' statements and boards as they were and its own saying so.
 */
@QuarkusTest
class PeriodPartitionsTest {

    static final String T = "parts";
    static final String OTHER = "parts-other";
    static Cmo cmo;

    @Inject
    TenantScope scope;

    @Inject
    TenantSql sql;

    @Inject
    StatementAccount statements;

    @Inject
    MemberAccounts accounts;

    @Inject
    Ledger ledger;

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, List.of("alice", "bob", "carol"));
    }

    private static long periodId(String tenant, String label) {
        return OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = ?", tenant, label);
    }

    private static void distributed(String label, String model) {
        cmo.closedWithAcceptedFiling(label, PeriodWorkflowApiTest.worked(model, "0.30"));
        cmo.post("nadia", label, "calculate").then().statusCode(200);
        cmo.post("noah", label, "approve").then().statusCode(200);
        cmo.post("noah", label, "distribute").then().statusCode(200);
    }

    private static long statementOf(String label, String ref) {
        return OwnerSql.number("SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id"
                + " WHERE p.tenant_id = ? AND p.label = ? AND s.member_ref = ?", T, label, ref);
    }

    @Test
    void aPeriodGetsItsPartitionsWhenOpenedAndItsRowsGoThere() {
        cmo.open("parts-opened");
        long id = periodId(T, "parts-opened");
        for (String table : List.of("filing_usage", "run_line", "account_entry")) {
            assertThat(OwnerSql.number("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = ?::regclass AND c.relname = ?", table, table + "_p" + id))
                    .as("%s has a partition for the period just opened", table).isEqualTo(1);
            // no DEFAULT partition: a row of a period without one is refused, never parked
            assertThat(OwnerSql.number("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = ?::regclass AND partdefid <> 0", table))
                    .as("%s has no default partition", table).isZero();
            // every period there is has its partition
            assertThat(OwnerSql.number("SELECT count(*) FROM period p WHERE to_regclass('public.' || ? || '_p' || p.id) IS NULL", table))
                    .as("periods without a partition of %s", table).isZero();
        }

        // the tenant's ledger entries that name no period (payments, returns, releases) have a partition of their own,
        // and so has every tenant's (V47: made with the tenant)
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_inherits WHERE inhparent = 'account_entry'::regclass"
                + " AND inhrelid = ?::regclass", noPeriod(T))).isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM tenant t"
                + " WHERE to_regclass('public.account_entry_t_' || replace(t.id, '-', '_')) IS NULL")).isZero();

        distributed("parts-rows", "m-parts-rows");
        long rows = periodId(T, "parts-rows");
        // the distribution's EARNED entries are kept with their period
        assertThat(OwnerSql.number("SELECT count(*) FROM account_entry_p" + rows + " WHERE kind = 'EARNED'"))
                .isEqualTo(OwnerSql.number("SELECT count(*) FROM statement WHERE period_id = ? AND total > 0", rows)).isPositive();
        long usage = OwnerSql.number("SELECT sum(cardinality(member_refs)) FROM filing_usage_p" + rows);
        long lines = OwnerSql.number("SELECT count(*) FROM run_line_p" + rows);
        assertThat(usage).isPositive();
        assertThat(lines).isPositive();
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair u JOIN filing f ON f.id = u.filing_id WHERE f.period_id = ?", rows))
                .isEqualTo(usage);
        assertThat(OwnerSql.number("SELECT count(*) FROM run_line l JOIN distribution_run r ON r.id = l.run_id WHERE r.period_id = ?", rows))
                .isEqualTo(lines);
        // a row naming the wrong period for its filing is refused, as one naming another tenant's filing is
        long filing = OwnerSql.number("SELECT min(id) FROM filing WHERE tenant_id = ? AND period_id = ?", T, rows);
        long other = periodId(T, "parts-opened");
        assertThatThrownBy(() -> {
            try (Connection c = OwnerSql.app(T)) {
                OwnerSql.update(c, "INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_refs, units, period_id)"
                        + " VALUES (?, ?, 'news', ARRAY['nobody'], ARRAY[1], ?)", filing, T, other);
            }
        }).hasMessageContaining("filing_usage names a filing that does not exist in its tenant and period");
    }

    /** Tenant {@code tenant}'s partition of the ledger for the entries that name no period (V47). */
    static String noPeriod(String tenant) {
        return "account_entry_t_" + tenant.replace('-', '_');
    }

    /**
     * The names {@code pattern}'s first group finds in a read's plan, as the application role in tenant T plans it
     * with {@code args} (bound as the application binds them: TenantSql's tenant, then the statement's own arguments).
     */
    private static Set<String> planned(Pattern pattern, String sql, Object... args) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection app = OwnerSql.app(T)) {
            for (String row : OwnerSql.strings(app, "EXPLAIN " + sql.replace(":tenant", "?"), args)) {
                Matcher m = pattern.matcher(row);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * The partitions of the ledger a read's plan names: "Seq Scan on <partition>", "Index Scan using <index> on
     * <partition>"; a bitmap scan names its index after "on" too, which is left out.
     */
    private static Set<String> ledgerPartitions(String sql, Object... args) throws SQLException {
        return planned(Pattern.compile("(?<!Bitmap Index Scan) on (account_entry_\\w+)"), sql, args);
    }

    /** The period partitions of run_line a read's plan names (a run's own table within one counts as its period's). */
    private static Set<String> runLinePartitions(String sql, Object... args) throws SQLException {
        return planned(Pattern.compile("(run_line_p\\d+)"), sql, args);
    }

    @Test
    void aBalanceIsPlannedInItsTenantsPartitionsAloneAmongMany() throws SQLException {
        distributed("parts-ledger", "m-parts-ledger");
        long period = periodId(T, "parts-ledger");
        // fifty more periods, another tenant's, each with its partition of the ledger
        Cmo.once(OTHER, List.of("alice"));
        OwnerSql.execute("INSERT INTO period (tenant_id, label, opened_by) SELECT ?, 'parts-ledger-' || g, 'nadia'"
                + " FROM generate_series(1, 50) g ON CONFLICT DO NOTHING", OTHER);
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_inherits WHERE inhparent = 'account_entry'::regclass")).isGreaterThan(50);
        Set<String> mine;
        try (Connection owner = OwnerSql.connect()) {
            mine = new TreeSet<>(OwnerSql.strings(owner, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'account_entry'::regclass AND (c.relname = ? OR c.relname IN"
                + " (SELECT 'account_entry_p' || id FROM period WHERE tenant_id = ?))", noPeriod(T), T));
        }
        assertThat(mine).contains(noPeriod(T), "account_entry_p" + period);
        // a member's balance, as the application reads it (the tenant bound as a value), plans this tenant's partitions only
        assertThat(ledgerPartitions("SELECT coalesce(sum(amount), 0) FROM account_entry WHERE tenant_id = :tenant AND member_ref = ?",
                T, "alice")).as("the partitions a balance is planned in").isEqualTo(mine);
        // and the payment run's balances of every member of the tenant
        assertThat(ledgerPartitions("SELECT member_ref, sum(amount) FROM account_entry WHERE tenant_id = :tenant GROUP BY member_ref",
                T)).isEqualTo(mine);
    }

    @Test
    void aStatementsLinesArePlannedInItsPeriodsPartitionAloneAmongMany() throws SQLException {
        distributed("parts-pruned", "m-parts-pruned");
        long period = periodId(T, "parts-pruned");
        long statement = statementOf("parts-pruned", "alice");
        // fifty more periods, another tenant's: each with its partitions, as every tenant's every period has
        Cmo.once(OTHER, List.of("alice"));
        OwnerSql.execute("INSERT INTO period (tenant_id, label, opened_by) SELECT ?, 'parts-many-' || g, 'nadia'"
                + " FROM generate_series(1, 50) g ON CONFLICT DO NOTHING", OTHER);
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_inherits WHERE inhparent = 'run_line'::regclass")).isGreaterThan(50);

        long run = OwnerSql.number("SELECT id FROM distribution_run WHERE tenant_id = '" + T + "' AND period_id = " + period
                + " AND status = 'DISTRIBUTED'");
        assertThat(runLinePartitions(StatementReader.LINES, T, period, run, "alice"))
                .as("the partitions the statement page's lines are planned in").containsExactly("run_line_p" + period);
        // the page of lines the statement page's table shows, searched or not, names the same partition alone
        assertThat(runLinePartitions("SELECT l.id " + StatementReader.LINE_PAGE.replace(":like", "'%a%'") + " LIMIT 50 OFFSET 50",
                T, period, run, "alice", T)).containsExactly("run_line_p" + period); // the category's tenant last
        // without the period, the run's id prunes as well since each period's partition is partitioned by run (V38):
        // the same read plans that run's table alone, of the fifty and more periods' partitions
        assertThat(runLinePartitions(StatementReader.LINES.replace("l.period_id = ? AND ", ""), T, run, "alice"))
                .containsExactly("run_line_p" + period);
        // and the page still shows the lines
        Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + statement).then().statusCode(200)
                .body(containsString("m-parts-pruned"));
    }

    /**
     * What the EXPLAINs above cannot see: the application's statements are prepared, and once pgjdbc and PostgreSQL
     * cache a generic plan, PostgreSQL 15 prunes other tenants' partitions only as it runs the plan, after locking every
     * partition (and index) the plan names, which are all of them. With fifty tenants of eight periods a member's
     * balance took 2,305 relation locks and 32 readers ran out of lock memory (docs/performance.md, "Partitions"). Read
     * here as the pages read, more times than it takes any plan to be cached, in one transaction that keeps its locks.
     */
    @Test
    void theStatementPageTheAccountAndAPostingLockNoOtherTenantsPartitionsOnceTheirPlansAreCached() {
        distributed("parts-locks", "m-parts-locks");
        long statement = statementOf("parts-locks", "alice");
        Cmo.once(OTHER, List.of("alice"));
        OwnerSql.execute("INSERT INTO period (tenant_id, label, opened_by) SELECT ?, 'parts-locks-' || g, 'nadia'"
                + " FROM generate_series(1, 50) g ON CONFLICT DO NOTHING", OTHER);
        assertThat(OwnerSql.number("SELECT count(*) FROM period WHERE tenant_id = ?", OTHER)).isGreaterThanOrEqualTo(50);

        List<String> locked = scope.call(T, () -> {
            for (int i = 0; i < 12; i++) {
                statements.open(statement, StatementService.Viewer.ADMIN, "", 1, view -> null);
                statements.lines(statement, StatementService.Viewer.ADMIN, "m-parts", 1);
                accounts.open("alice", "", 1, MemberAccounts.Viewer.ADMIN);
                ledger.balance("alice");
            }
            return heldLocks();
        });
        assertThat(locked).as("the reads took their own partitions' locks").anyMatch(names -> names.contains(noPeriod(T)));
        assertThat(onPartitionsOf(OTHER, locked)).as("locks on tenant %s's partitions, of %s locks held", OTHER, locked.size())
                .isEmpty();

        // and a posting, whose checks (V48) look the ledger up: a trigger's query is cached in the session as well
        long period = periodId(T, "parts-locks");
        List<String> posted = scope.call(T, () -> {
            for (int i = 0; i < 12; i++) {
                ledger.post("alice", Ledger.Kind.ADJUSTED, 1, period, "parts-locks", i, "a posting among many tenants' periods");
            }
            return heldLocks();
        });
        assertThat(posted).anyMatch(names -> names.contains("account_entry_p" + period));
        assertThat(onPartitionsOf(OTHER, posted)).as("locks on tenant %s's partitions, of %s locks held", OTHER, posted.size())
                .isEmpty();
    }

    /**
     * Every relation lock this transaction holds, each as the names of the partitions it is in or under (an index as its
     * table's), innermost first: "run_line_p12_r3 run_line_p12 run_line".
     */
    private List<String> heldLocks() {
        return sql.sql("""
                SELECT string_agg(a.relid::regclass::text, ' ') FROM pg_locks l
                  JOIN pg_class c ON c.oid = l.relation
                  LEFT JOIN pg_index i ON i.indexrelid = c.oid
                 CROSS JOIN LATERAL pg_partition_ancestors(coalesce(i.indrelid, c.oid)) a
                 WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 GROUP BY l.relation""").list(rs -> rs.getString(1));
    }

    /** Those of {@code locked} on a partition of {@code tenant}'s (one of its periods', or its ledger's own). */
    private static List<String> onPartitionsOf(String tenant, List<String> locked) {
        Set<String> theirs = new TreeSet<>();
        try (Connection owner = OwnerSql.connect()) {
            theirs.addAll(OwnerSql.strings(owner, "SELECT id::text FROM period WHERE tenant_id = ?", tenant));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Pattern period = Pattern.compile("\\b(?:account_entry|run_line|filing_usage)_p(\\d+)\\b");
        return locked.stream().filter(names -> {
            Matcher m = period.matcher(names);
            while (m.find()) {
                if (theirs.contains(m.group(1))) {
                    return true;
                }
            }
            return names.contains(noPeriod(tenant));
        }).toList();
    }

    @Test
    void anotherTenantSeesNoRowThroughTheTablesAndTheAppCannotReadAPartition() throws SQLException {
        Cmo.once(OTHER, List.of("alice"));
        distributed("parts-isolation", "m-parts-isolation");
        long id = periodId(T, "parts-isolation");
        String usage = "SELECT count(*) FROM filing_usage_pair WHERE period_id = " + id;
        String lines = "SELECT count(*) FROM run_line WHERE period_id = " + id;
        String entries = "SELECT count(*) FROM account_entry WHERE period_id = " + id;
        try (Connection mine = OwnerSql.app(T); Connection theirs = OwnerSql.app(OTHER)) {
            assertThat(OwnerSql.number(mine, entries)).isPositive();
            assertThat(OwnerSql.number(theirs, entries)).as("tenant %s's ledger entries seen from %s", T, OTHER).isZero();
            assertThat(OwnerSql.number(mine, usage)).isPositive();
            assertThat(OwnerSql.number(mine, lines)).isPositive();
            assertThat(OwnerSql.number(theirs, usage)).as("tenant %s's usage seen from %s", T, OTHER).isZero();
            assertThat(OwnerSql.number(theirs, lines)).as("tenant %s's run lines seen from %s", T, OTHER).isZero();
            assertThat(OwnerSql.number(theirs, "SELECT count(*) FROM statement_line WHERE tenant_id = ?", T)).isZero();
        }
        for (String partition : List.of("filing_usage_p" + id, "run_line_p" + id, "account_entry_p" + id, noPeriod(T))) {
            for (String sql : List.of("SELECT count(*) FROM " + partition, "DELETE FROM " + partition,
                    "INSERT INTO " + partition + " SELECT * FROM " + partition + " LIMIT 1")) {
                assertThatThrownBy(() -> {
                    try (Connection c = OwnerSql.app(T)) {
                        c.createStatement().execute(sql);
                    }
                }).as(sql).hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void aDetachedPeriodLeavesTheOthersWorkingAndItsOwnPagesSaySo() {
        distributed("parts-kept", "m-parts-kept");
        distributed("parts-archived", "m-parts-archived");
        long archived = periodId(T, "parts-archived");
        long keptStatement = statementOf("parts-kept", "alice");
        long archivedStatement = statementOf("parts-archived", "alice");
        String keptLines = Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + keptStatement).then().statusCode(200)
                .extract().asString();
        assertThat(keptLines).contains("m-parts-kept");

        // what ops/archive-period.sh does in the database, short of the dump: detach, record, drop
        OwnerSql.execute("ALTER TABLE filing_usage DETACH PARTITION filing_usage_p" + archived);
        OwnerSql.execute("ALTER TABLE run_line DETACH PARTITION run_line_p" + archived);
        OwnerSql.execute("INSERT INTO archived_period (tenant_id, period_id, archive_file, usage_rows, line_rows)"
                + " VALUES (?, ?, 'parts-archived.dump', 0, 0)", T, archived);
        try {
            assertThat(OwnerSql.number("SELECT count(*) FROM run_line WHERE period_id = ?", archived)).isZero();
            // the other period: its statement with the same lines, its board
            Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + keptStatement).then().statusCode(200)
                    .body(containsString("m-parts-kept")).body(not(containsString("Archived.")));
            Cmo.as("nadia").get("/t/" + T + "/admin/periods/parts-kept").then().statusCode(200)
                    .body(not(containsString("Archived.")));
            cmo.api("noah").get("/periods/parts-kept").then().statusCode(200);
            // the archived one: its total stands, and the page says where its lines went
            Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + archivedStatement).then().statusCode(200)
                    .body(containsString("Archived."))
                    .body(containsString("The lines of parts-archived were archived on"))
                    .body(not(containsString("m-parts-archived")));
            Cmo.as("nadia").get("/t/" + T + "/admin/periods/parts-archived").then().statusCode(200)
                    .body(containsString("Archived."));
            // a new period still gets its partitions and takes filings
            cmo.closedWithAcceptedFiling("parts-after", PeriodWorkflowApiTest.worked("m-parts-after", "0.30"));
        } finally {
            // restored, as ops/archive-period.sh restore does
            OwnerSql.execute("ALTER TABLE filing_usage ATTACH PARTITION filing_usage_p" + archived + " FOR VALUES IN (" + archived + ")");
            OwnerSql.execute("ALTER TABLE run_line ATTACH PARTITION run_line_p" + archived + " FOR VALUES IN (" + archived + ")");
            OwnerSql.execute("DELETE FROM archived_period WHERE tenant_id = ? AND period_id = ?", T, archived);
        }
        Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + archivedStatement).then().statusCode(200)
                .body(containsString("m-parts-archived")).body(not(containsString("Archived.")));
    }
}
