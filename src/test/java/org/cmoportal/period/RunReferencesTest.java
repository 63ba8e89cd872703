package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * run_ref and statement (V13), run_line (V3), account_entry (V24) and dispute (V25) check their references once
 * per statement instead of by a foreign key per row: a row naming a run, period, statement, filing or member that is
 * not in its tenant is refused all the same; a run's ref totals go only with a discarded run, and the SQL copy of
 * half_even is gone.
 */
@QuarkusTest
class RunReferencesTest {

    static final String T = "wf-refs";

    /**
     * Runs take their lines' ids a block at a time, and a line written without one (the column's default) takes a block
     * of one: however the calls interleave across connections, no two blocks share an id (V43).
     */
    @Test
    void blocksOfRunLineIdsNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<long[]>>> taken = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int worker = t;
                taken.add(pool.submit(() -> {
                    List<long[]> blocks = new ArrayList<>();
                    try (Connection c = OwnerSql.app(T)) {
                        for (int i = 0; i < 60; i++) {
                            long count = (worker + i) % 3 == 0 ? 1 : 1 + (worker * 7919L + i * 104729L) % 5000;
                            blocks.add(new long[] {OwnerSql.number(c, "SELECT run_line_ids(?)", count), count});
                        }
                    }
                    return blocks;
                }));
            }
            List<long[]> blocks = new ArrayList<>();
            for (Future<List<long[]>> f : taken) {
                blocks.addAll(f.get(2, TimeUnit.MINUTES));
            }
            blocks.sort((a, b) -> Long.compare(a[0], b[0]));
            for (int i = 1; i < blocks.size(); i++) {
                assertThat(blocks.get(i)[0]).as("a block starts after the one before ends").isGreaterThanOrEqualTo(blocks.get(i - 1)[0] + blocks.get(i - 1)[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = OwnerSql.app(T)) {
            assertThatThrownBy(() -> OwnerSql.number(c, "SELECT run_line_ids(0)")).hasMessageContaining("a block of at least one id");
        }
    }

    @Test
    void aRunsTableTakesOnlyLinesOfThePeriodsAcceptedFilings() throws SQLException {
        Cmo cmo = Cmo.once(T, List.of("alice"));
        String p = "refs-open";
        cmo.closedWithAcceptedFiling(p, PeriodWorkflowApiTest.worked("m-refs-open", "0.30"));
        long period = OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = ?", T, p);
        long accepted = OwnerSql.number("SELECT id FROM filing WHERE tenant_id = ? AND period_id = ? AND status = 'ACCEPTED'", T, period);
        // another period's filing where another test made one, else a filing that does not exist
        long otherPeriods = OwnerSql.number("SELECT coalesce((SELECT min(id) FROM filing WHERE period_id <> ?),"
                + " (SELECT max(id) + 1000 FROM filing))", period);
        // a run being calculated, as PeriodWorkflow.calculate starts it, whose lines the test writes instead of the engine
        long run = OwnerSql.number("INSERT INTO distribution_run (tenant_id, period_id, status, calculated_by, tenant_gross, fees,"
                + " paid, suspense) VALUES (?, ?, 'CURRENT', 'nadia', 0, 0, 0, 0) RETURNING id", T, period);
        String line = " (filing_id, category_key, member_ref, matched, units, category_units, amount) VALUES (?, 'news', 'alice', true, 1, 1, 1)";
        try (Connection c = OwnerSql.app(T)) {
            c.setAutoCommit(false);
            String table;
            try (var rs = OwnerSql.prepare(c, "SELECT run_lines_open(?)", run).executeQuery()) {
                rs.next();
                table = rs.getString(1);
            }
            assertThat(OwnerSql.update(c, "INSERT INTO " + table + line, accepted)).isEqualTo(1);
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO " + table + line, otherPeriods))
                    .hasMessageContaining("violates check constraint \"run_line_filings\"");
            c.rollback();
            // lines written through run_line itself (fixtures, seeds) go to a table run_line_runs makes, where V3's
            // check of each statement's rows still refuses a filing that is not the tenant's
            long missingFiling = OwnerSql.number(c, "SELECT 1000 + (SELECT max(id) FROM filing)");
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO run_line (run_id, tenant_id, period_id, filing_id, category_key,"
                    + " member_ref, matched, units, category_units, amount) VALUES (?, ?, ?, ?, 'news', 'alice', true, 1, 1, 1)",
                    run, T, period, missingFiling))
                    .hasMessageContaining("run_line names a run or filing that does not exist in its tenant");
            c.rollback();
        }
    }

    @Test
    void rowsNamingARunOrPeriodOutsideTheTenantAreRefused() throws SQLException {
        Cmo cmo = Cmo.once(T, List.of("alice"));
        String p = "refs-1";
        cmo.closedWithAcceptedFiling(p, PeriodWorkflowApiTest.worked("m-refs", "0.30"));
        cmo.post("nadia", p, "calculate").then().statusCode(200);
        long run = Reference.runId(T, p);
        long period = OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = ?", T, p);
        long missing = OwnerSql.number("SELECT coalesce(max(id), 0) + 1000 FROM distribution_run");
        try (Connection c = OwnerSql.app(T)) {
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO run_ref (run_id, tenant_id, member_ref, matched, total)"
                    + " VALUES (?, ?, 'alice', true, 1)", missing, T))
                    .hasMessageContaining("run_ref names a run that does not exist in its tenant");
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO statement (tenant_id, period_id, run_id, member_ref,"
                    + " member_name, admin_fee_rate, total) VALUES (?, ?, ?, 'alice', 'Alice', 0.1, 1)", T, period, missing))
                    .hasMessageContaining("statement names a period or run that does not exist in its tenant");
            assertThatThrownBy(() -> OwnerSql.update(c, "UPDATE run_ref SET total = total + 1 WHERE run_id = ?", run))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> OwnerSql.update(c, "DELETE FROM run_ref WHERE run_id = ?", run))
                    .hasMessageContaining("only the lines of a discarded run can be deleted");
        }
        long filing = OwnerSql.number("SELECT id FROM filing WHERE tenant_id = ? ORDER BY id LIMIT 1", T);
        long missingFiling = OwnerSql.number("SELECT coalesce(max(id), 0) + 1000 FROM filing");
        long missingStatement = OwnerSql.number("SELECT coalesce(max(id), 0) + 1000 FROM statement");
        String line = "INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units,"
                + " category_units, amount, period_id) VALUES (?, ?, ?, 'news', 'alice', true, 7, 7, 7, " + period + ")";
        try (Connection c = OwnerSql.app(T)) {
            // each run's lines are a partition of their own (V38): a run that does not exist has none to take the line
            assertThatThrownBy(() -> OwnerSql.update(c, line, missing, T, filing))
                    .hasMessageContaining("no partition of relation \"run_line_p" + period + "\" found for row");
            // the run's table, made by run_lines_open, takes only the period's accepted filings (V42), before V3's check
            assertThatThrownBy(() -> OwnerSql.update(c, line, run, T, missingFiling))
                    .hasMessageContaining("violates check constraint \"run_line_filings\"");
            // a statement's lines are its distributed run's lines (V25): none is written on its own
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO statement_line (statement_id, tenant_id, filing_id,"
                    + " builder_name, model, category_key, units, category_units, amount)"
                    + " VALUES (?, ?, ?, 'B', 'M', 'news', 1, 1, 1)", missingStatement, T, filing))
                    .hasMessageContaining("cannot insert into view \"statement_line\"");
        }
        // a dispute names a published line: a line of a run that was not distributed is none, even beside a statement
        String published = "refs-published";
        cmo.closedWithAcceptedFiling(published, PeriodWorkflowApiTest.worked("m-refs-published", "0.30"));
        cmo.post("nadia", published, "calculate").then().statusCode(200);
        cmo.post("noah", published, "approve").then().statusCode(200);
        cmo.post("noah", published, "distribute").then().statusCode(200);
        long statement = OwnerSql.number("SELECT min(s.id) FROM statement s JOIN period p ON p.id = s.period_id"
                + " WHERE p.tenant_id = ? AND p.label = ?", T, published);
        long publishedLine = OwnerSql.number("SELECT min(id) FROM statement_line WHERE statement_id = ?", statement);
        long undistributed = OwnerSql.number("SELECT min(id) FROM run_line WHERE run_id = ? AND matched", run);
        String dispute = "INSERT INTO dispute (tenant_id, statement_line_id, statement_id, period_id, member_ref, message,"
                + " opened_by, state) SELECT ?, ?, s.id, s.period_id, s.member_ref, 'wrong', 'alice', 'OPEN' FROM statement s WHERE s.id = ?";
        try (Connection c = OwnerSql.app(T)) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> OwnerSql.update(c, dispute, T, undistributed, statement))
                    .hasMessageContaining("dispute names a statement line that does not exist in its tenant");
            c.rollback();
            assertThat(OwnerSql.update(c, dispute, T, publishedLine, statement)).isEqualTo(1);
            c.rollback();
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM run_line WHERE run_id = ? AND units = 7 AND category_units = 7", run)).isZero();
        assertThat(OwnerSql.number("SELECT count(*) FROM run_ref WHERE run_id = ?", run)).isPositive();
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_proc WHERE proname = 'half_even'")).isZero();

        // a discard takes the run's ref totals with its lines
        cmo.post("nadia", p, "discard").then().statusCode(200);
        assertThat(OwnerSql.number("SELECT count(*) FROM run_ref WHERE run_id = ?", run)).isZero();
    }

    @Test
    void ledgerEntriesNamingAMemberOrPeriodOutsideTheTenantAreRefused() throws SQLException {
        Cmo cmo = Cmo.once(T, List.of("alice"));
        cmo.open("refs-ledger");
        long period = OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = 'refs-ledger'", T);
        long otherTenantsPeriod = OwnerSql.number("SELECT coalesce(min(id), 0) FROM period WHERE tenant_id <> ?", T);
        // an ADJUSTED entry is kept with the period it names (V47's period_key)
        String entry = "INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)"
                + " SELECT t, m, 'ADJUSTED', 1, p, 'refs-test', c, 'reference check', p"
                + " FROM (VALUES (CAST(? AS text), CAST(? AS text), CAST(? AS bigint), CAST(? AS bigint))) v (t, m, p, c)";
        try (Connection c = OwnerSql.app(T)) {
            assertThatThrownBy(() -> OwnerSql.update(c, entry, T, "nobody-here", period, 1L))
                    .hasMessageContaining("account_entry names a member that does not exist in its tenant");
            // a period that does not exist has no partition of the ledger: refused before the check is reached (V47)
            assertThatThrownBy(() -> OwnerSql.update(c, entry, T, "alice", period + 1_000_000, 2L))
                    .hasMessageContaining("no partition of relation \"account_entry\" found for row");
            // another tenant's period has no partition in this tenant's range of the ledger (V47: tenant first)
            assertThatThrownBy(() -> OwnerSql.update(c, entry, T, "alice", otherTenantsPeriod, 3L))
                    .hasMessageContaining("no partition of relation \"account_entry\" found for row");
            // an entry kept with no period (a release names the period its suspense was held in) is checked by the trigger
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO account_entry (tenant_id, member_ref, kind, amount,"
                    + " period_id, cause, cause_id, reason) VALUES (?, 'alice', 'RELEASED', 1, ?, 'refs-test', 7, 'reference check')",
                    T, otherTenantsPeriod))
                    .hasMessageContaining("account_entry names a period that does not exist in its tenant");
            // one row naming no member among good ones refuses the whole insert
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO account_entry (tenant_id, member_ref, kind, amount,"
                    + " period_id, cause, cause_id, reason, period_key) SELECT ?, r, 'ADJUSTED', 1, ?, 'refs-test', 4, 'reference check', ?"
                    + " FROM unnest(ARRAY['alice', 'nobody-here']) r", T, period, period))
                    .hasMessageContaining("account_entry names a member that does not exist in its tenant");
            assertThat(OwnerSql.update(c, entry, T, "alice", period, 5L)).isEqualTo(1);
            assertThat(OwnerSql.update(c, "INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause,"
                    + " cause_id, reason) VALUES (?, 'alice', 'ADJUSTED', 1, NULL, 'refs-test', 6, 'no period')", T)).isEqualTo(1);
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND cause = 'refs-test'", T)).isEqualTo(2);
    }

    /**
     * The ledger is partitioned by period (V40), so an adjustment's or a dispute's entry is no longer a foreign key:
     * it is checked per statement, and an entry that does not exist in the row's tenant is refused all the same (a
     * dispute's approval names its entry through the same check: DisputeFlowTest); so is the same cause posting the same
     * kind for the same member again in another period.
     */
    @Test
    void anAdjustmentOrDisputeNamingAnEntryThatIsNotThereIsRefused() throws SQLException {
        Cmo cmo = Cmo.once(T, List.of("alice"));
        cmo.open("refs-entries");
        cmo.open("refs-entries-2");
        long period = OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = 'refs-entries'", T);
        long second = OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = 'refs-entries-2'", T);
        long missing = OwnerSql.number("SELECT nextval('account_entry_id_seq') + 1000");
        String adjustment = "INSERT INTO adjustment (tenant_id, landing_period_id, member_ref, cause, cause_id, what, before, after,"
                + " amount, reason, account_entry_id) VALUES (?, ?, 'alice', 'dispute', 77, 'Line 1', 0, 1, 1, 'test', ?)";
        try (Connection c = OwnerSql.app(T)) {
            long entry = OwnerSql.number(c, "INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause,"
                    + " cause_id, reason, period_key) VALUES (?, 'alice', 'ADJUSTED', 1, ?, 'dispute', 77, 'test', ?) RETURNING id",
                    T, period, period);
            assertThatThrownBy(() -> OwnerSql.update(c, adjustment, T, period, missing))
                    .hasMessageContaining("adjustment names a ledger entry that does not exist in its tenant");
            assertThat(OwnerSql.update(c, adjustment, T, period, entry)).isEqualTo(1);
            // the once-per-cause key holds across periods: dispute 77 credited alice in the first period already
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id,"
                    + " cause, cause_id, reason, period_key) VALUES (?, 'alice', 'ADJUSTED', 1, ?, 'dispute', 77, 'again', ?)",
                    T, second, second)).hasMessageContaining("posted this kind of entry for this member already, in another period");
            // an entry naming a period with another key is refused, never kept where the archive would miss it
            assertThatThrownBy(() -> OwnerSql.update(c, "INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id,"
                    + " cause, cause_id, reason) VALUES (?, 'alice', 'EARNED', 1, ?, 'period', ?, 'no key')", T, period, period))
                    .hasMessageContaining("account_entry_period_key");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM adjustment WHERE tenant_id = ? AND cause_id = 77", T)).isEqualTo(1);
    }
}
