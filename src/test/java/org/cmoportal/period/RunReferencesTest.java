package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * run_ref and statement check their references once per statement (V13) instead of by a foreign key per row: a row
 * naming a run or period that is not in its tenant is refused all the same; a run's ref totals go only with a
 * discarded run, and the SQL copy of half_even is gone.
 */
@QuarkusTest
class RunReferencesTest {

    static final String T = "wf-refs";

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
        assertThat(OwnerSql.number("SELECT count(*) FROM run_ref WHERE run_id = ?", run)).isPositive();
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_proc WHERE proname = 'half_even'")).isZero();

        // a discard takes the run's ref totals with its lines
        cmo.post("nadia", p, "discard").then().statusCode(200);
        assertThat(OwnerSql.number("SELECT count(*) FROM run_ref WHERE run_id = ?", run)).isZero();
    }
}
