package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Faults of the database under an upload, each answered with what the person or program can do and nothing stored.
 *
 * <p>The database runs out of space while an upload's usage is written: PostgreSQL answers {@code disk_full} (SQLSTATE
 * 53100, what it raises when it cannot extend a table's file) and the portal answers 507 with nothing stored. The
 * fault is PostgreSQL's own error raised by a trigger on the rows the upload writes into {@code filing_usage}, for
 * this test's period only, so the rest of the suite never meets it.
 *
 * <p>The upload's connection is cut while it writes (the server ends the backend, as a restart does): a 503 saying the
 * portal is briefly unavailable, with {@code Retry-After}, and the pool hands the next request a working connection.
 */
@QuarkusTest
class UploadFaultsTest {

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    private static void fillTheDiskFor(String period) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute("""
                    CREATE OR REPLACE FUNCTION fault_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                        IF EXISTS (SELECT 1 FROM new_rows u JOIN filing f ON f.id = u.filing_id JOIN period p ON p.id = f.period_id
                                    WHERE p.tenant_id = 'newsguild' AND p.label = '%1$s') THEN
                            RAISE EXCEPTION 'could not extend file "base/16384/24576": No space left on device'
                                USING ERRCODE = 'disk_full', HINT = 'Check free disk space.';
                        END IF;
                        RETURN NULL;
                    END $$;
                    CREATE TRIGGER fault_disk_full AFTER INSERT ON filing_usage REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION fault_disk_full();""".formatted(period));
        }
    }

    private static void makeRoom() throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute("DROP TRIGGER IF EXISTS fault_disk_full ON filing_usage; DROP FUNCTION IF EXISTS fault_disk_full();");
        }
    }

    private static long auditedSubmissions(String period) {
        return OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild' AND action = 'filing.submit'"
                + " AND after->>'period' = ?", period);
    }

    @Test
    void anUploadThatMeetsAFullDiskIsA507AndStoresNothing() throws SQLException {
        String period = IntakeFixture.openPeriod("newsguild");
        byte[] usage = FilingApiTest.USAGE.getBytes(StandardCharsets.UTF_8);
        fillTheDiskFor(period);
        try {
            FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, usage, "disk-full-1").then()
                    .statusCode(507).contentType("application/problem+json")
                    .body("status", equalTo(507), "code", equalTo("storage-full"),
                            "detail", containsString("nothing of it was stored"),
                            "detail", not(containsString("SQL")), "detail", not(containsString("Exception")));
        } finally {
            makeRoom();
        }
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
        assertThat(auditedSubmissions(period)).isZero();

        // with room again, the same request (same idempotency key: nothing of the first was remembered) is stored
        FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, usage, "disk-full-1").then().statusCode(201)
                .body("usage.lines", equalTo(4));
        assertThat(auditedSubmissions(period)).isEqualTo(1);
    }

    /** Holds the upload of {@code period} in the database for up to a minute while it writes its usage. */
    private static void stallWritesFor(String period) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute("""
                    CREATE OR REPLACE FUNCTION fault_stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                        IF EXISTS (SELECT 1 FROM new_rows u JOIN filing f ON f.id = u.filing_id JOIN period p ON p.id = f.period_id
                                    WHERE p.tenant_id = 'newsguild' AND p.label = '%1$s') THEN
                            PERFORM pg_sleep(60);
                        END IF;
                        RETURN NULL;
                    END $$;
                    CREATE TRIGGER fault_stall AFTER INSERT ON filing_usage REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION fault_stall();""".formatted(period));
        }
    }

    private static void unstall() throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute("DROP TRIGGER IF EXISTS fault_stall ON filing_usage; DROP FUNCTION IF EXISTS fault_stall();");
        }
    }

    @Test
    void anUploadWhoseConnectionIsCutIsA503ToRetryAndTheNextOneGoesThrough() throws Exception {
        String period = IntakeFixture.openPeriod("newsguild");
        byte[] usage = FilingApiTest.USAGE.getBytes(StandardCharsets.UTF_8);
        stallWritesFor(period);
        try {
            CompletableFuture<Response> upload = CompletableFuture.supplyAsync(
                    () -> FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, usage, "cut-1"));
            long terminated = 0;
            for (int i = 0; i < 200 && terminated == 0; i++) {
                Thread.sleep(100);
                terminated = OwnerSql.number("""
                        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE usename = 'cmo_app' AND state = 'active' AND wait_event = 'PgSleep'""");
            }
            assertThat(terminated).as("the stalled upload's backend was found and ended").isEqualTo(1);
            Response cut = upload.get(60, TimeUnit.SECONDS);
            cut.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("code", equalTo("unavailable"), "detail", containsString("Try again in a few seconds"),
                            "detail", not(containsString("Exception")));
        } finally {
            unstall();
        }
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
        assertThat(auditedSubmissions(period)).isZero();

        // the pool dropped the dead connection: the same request, repeated, is stored
        FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, usage, "cut-1").then().statusCode(201);
        assertThat(auditedSubmissions(period)).isEqualTo(1);
    }
}
