package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.cmoportal.testsupport.Filings;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A failure in the middle of a calculation or a distribution: the database fails a statement after the run's
 * first rows are written, and nothing of it may remain.
 */
@QuarkusTest
class PeriodFaultTest {

    static final String T = "wf-fault";
    static Cmo cmo;

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, List.of("alice", "bob", "carol"));
    }

    /** Fails every insert into {@code table} for this tenant, after the rows are written (a statement trigger). */
    private static void breakInserts(String table) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute("""
                    CREATE OR REPLACE FUNCTION fault_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                        IF EXISTS (SELECT 1 FROM new_rows WHERE tenant_id = '%2$s') THEN
                            RAISE EXCEPTION 'injected fault after writing %1$s';
                        END IF;
                        RETURN NULL;
                    END $$;
                    CREATE TRIGGER fault_%1$s AFTER INSERT ON %1$s REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION fault_%1$s();""".formatted(table, T));
        }
    }

    private static void repair(String table) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute("DROP TRIGGER fault_%1$s ON %1$s; DROP FUNCTION fault_%1$s();".formatted(table));
        }
    }

    private static long count(String sql, String period) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            return OwnerSql.number(c, sql, T, period);
        }
    }

    @Test
    void aCalculationThatFailsPartWayLeavesThePeriodClosedWithNoRunAndNoLines() throws SQLException {
        String p = "fault-calc";
        FilingFixture.Filed f = cmo.closedWithAcceptedFiling(p, PeriodWorkflowApiTest.worked("m-fault", "0.30"));
        long auditBefore = count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND length(?) > 0", p);

        // the ref totals are written after the run, its categories and its lines' table, indexed and attached (V38)
        breakInserts("run_ref");
        try {
            cmo.post("nadia", p, "calculate").then().statusCode(500);
        } finally {
            repair("run_ref");
        }
        cmo.api("nadia").get("/periods/" + p).then().body("state", equalTo("CLOSED")).body("calculatedBy", equalTo(null));
        String ofPeriod = " JOIN period p ON p.id = r.period_id WHERE p.tenant_id = ? AND p.label = ?";
        assertThat(count("SELECT count(*) FROM distribution_run r" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM run_line l JOIN distribution_run r ON r.id = l.run_id" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM run_category l JOIN distribution_run r ON r.id = l.run_id" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND length(?) > 0", p)).isEqualTo(auditBefore);
        // and no table of the run's lines is left, attached or not
        assertThat(count("SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' AND c.relname ~ ('^run_line_p' || (SELECT id FROM period"
                + " WHERE tenant_id = ? AND label = ?) || '_r[0-9]+$')", p)).isZero();

        // repaired, the same request succeeds and agrees with the engine
        long run = cmo.post("nadia", p, "calculate").then().statusCode(200).extract().jsonPath().getLong("id");
        Reference.assertRunLinesMatch(run, List.of(f));
    }

    /** Fails the run once {@code batches} batches of its lines have been sent by COPY (the engine is done by then). */
    static final class FailingAfterBatches extends RunProgress {
        final int batches;
        int seen;

        FailingAfterBatches(int batches) {
            this.batches = batches;
        }

        @Override
        public void batch(String table, int batch) {
            if (table.equals("run_line")) {
                seen = batch;
                if (batch == batches) {
                    throw new IllegalStateException("injected fault after " + batch + " COPY batches of run lines");
                }
            }
        }
    }

    @Test
    void aCalculationThatFailsAfterSomeCopyBatchesLeavesNothing() throws SQLException {
        String p = "fault-copy";
        List<Filings.Line> usage = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) { // about 40 bytes per line in COPY: several 64 KiB batches
            usage.add(new Filings.Line(i % 3 == 0 ? "code" : "news", (i % 7 == 0 ? "alice-" : "ref-") + i, 1 + i % 5));
        }
        FilingFixture.Filed f = cmo.closedWithAcceptedFiling(p, new FilingFixture.Spec("m-copy", 125_000_000, 40_000_000,
                10_000_000, "0.30", Map.of("news", "0.25", "code", "0.40", "other", "0.35"), usage));
        long auditBefore = count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND length(?) > 0", p);

        FailingAfterBatches fault = new FailingAfterBatches(3);
        QuarkusMock.installMockForType(fault, RunProgress.class);
        cmo.post("nadia", p, "calculate").then().statusCode(500);
        assertThat(fault.seen).as("the fault struck part-way through the COPY").isEqualTo(3);

        cmo.api("nadia").get("/periods/" + p).then().body("state", equalTo("CLOSED")).body("calculatedBy", equalTo(null));
        String ofPeriod = " JOIN period p ON p.id = r.period_id WHERE p.tenant_id = ? AND p.label = ?";
        assertThat(count("SELECT count(*) FROM distribution_run r" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM run_line l JOIN distribution_run r ON r.id = l.run_id" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM run_category l JOIN distribution_run r ON r.id = l.run_id" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM run_ref l JOIN distribution_run r ON r.id = l.run_id" + ofPeriod, p)).isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND length(?) > 0", p)).isEqualTo(auditBefore);

        QuarkusMock.installMockForType(new RunProgress(), RunProgress.class);
        long run = cmo.post("nadia", p, "calculate").then().statusCode(200).extract().jsonPath().getLong("id");
        Reference.assertRunLinesMatch(run, List.of(f));
    }

    @Test
    void aDistributionThatFailsPartWayPublishesNothingAndStaysApproved() throws SQLException {
        String p = "fault-dist";
        FilingFixture.Filed f = cmo.closedWithAcceptedFiling(p, PeriodWorkflowApiTest.worked("m-fault", "0.30"));
        cmo.post("nadia", p, "calculate").then().statusCode(200);
        cmo.post("noah", p, "approve").then().statusCode(200);

        breakInserts("account_entry"); // the statements are written by then, the ledger's entries last
        try {
            cmo.post("nadia", p, "distribute").then().statusCode(500);
        } finally {
            repair("account_entry");
        }
        cmo.api("nadia").get("/periods/" + p).then().body("state", equalTo("APPROVED"));
        assertThat(count("SELECT count(*) FROM statement s JOIN period p ON p.id = s.period_id WHERE p.tenant_id = ? AND p.label = ?", p))
                .isZero();
        assertThat(count("SELECT count(*) FROM distribution_run r JOIN period p ON p.id = r.period_id"
                + " WHERE p.tenant_id = ? AND p.label = ? AND r.status = 'CURRENT'", p)).isEqualTo(1);
        cmo.api("nadia").get("/periods/" + p + "/payout-file").then().statusCode(409);

        cmo.post("nadia", p, "distribute").then().statusCode(200);
        Reference.assertStatementsMatch(T, p, Reference.engine(List.of(f)));
    }
}
