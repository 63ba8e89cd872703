package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Administrators pressing the same button at the same moment: real concurrent requests, exactly one winner. */
@QuarkusTest
class PeriodRaceTest {

    static final String T = "wf-race";
    static final int PRESSES = 12;
    static final ExecutorService POOL = Executors.newFixedThreadPool(PRESSES);
    static Cmo cmo;

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, List.of("alice", "bob"));
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private FilingFixture.Filed closedWithOneAcceptedFiling(String p) {
        return cmo.closedWithAcceptedFiling(p, PeriodWorkflowApiTest.worked("m-race", "0.30"));
    }

    /** Sends every request at once (after a common start signal) and returns the responses. */
    private static List<Response> atOnce(List<String> users, String p, String action) throws Exception {
        return atOnce(users, user -> cmo.post(user, p, action));
    }

    private static List<Response> atOnce(List<String> users, java.util.function.Function<String, Response> request) throws Exception {
        users.forEach(DevTokens::of); // tokens first, so that only the requests race
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (String user : users) {
            futures.add(POOL.submit(() -> {
                start.await();
                return request.apply(user);
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : futures) {
            responses.add(f.get());
        }
        return responses;
    }

    /** Both find the label free and insert: the unique key decides, and the loser hears which label is taken. */
    @Test
    void concurrentOpensOfOneLabelHaveOneWinner() throws Exception {
        String p = "race-open-" + System.nanoTime() % 100000;
        List<String> users = new ArrayList<>();
        for (int i = 0; i < PRESSES; i++) {
            users.add(i % 2 == 0 ? "nadia" : "noah");
        }
        List<Response> responses = atOnce(users, user -> cmo.postJson(user, "/periods", java.util.Map.of("label", p)));
        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(PRESSES - 1).allSatisfy(r -> {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("code")).isEqualTo("period-exists");
            assertThat(r.jsonPath().getString("detail")).contains("The period " + p + " already exists");
        });
        try (Connection c = OwnerSql.connect()) {
            assertThat(OwnerSql.number(c, "SELECT count(*) FROM period WHERE tenant_id = ? AND label = ?", T, p)).isEqualTo(1);
            assertThat(OwnerSql.number(c, """
                    SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'period.open' AND object_id = ?""", T, p))
                    .isEqualTo(1);
        }
    }

    @Test
    void manyConcurrentApprovalsHaveOneWinner() throws Exception {
        String p = "race-approve";
        closedWithOneAcceptedFiling(p);
        cmo.post("nadia", p, "calculate").then().statusCode(200);
        List<Response> responses = atOnce(java.util.Collections.nCopies(PRESSES, "noah"), p, "approve");
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(PRESSES - 1)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("detail")).contains("is APPROVED"));
        try (Connection c = OwnerSql.connect()) {
            assertThat(OwnerSql.number(c, """
                    SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'period.approve' AND object_id = ?""", T, p))
                    .isEqualTo(1);
        }
    }

    @Test
    void concurrentCalculationsByBothAdministratorsHaveOneWinnerAndOneRun() throws Exception {
        String p = "race-calculate";
        FilingFixture.Filed f = closedWithOneAcceptedFiling(p);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < PRESSES; i++) {
            users.add(i % 2 == 0 ? "nadia" : "noah");
        }
        List<Response> responses = atOnce(users, p, "calculate");
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(PRESSES - 1)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("detail")).contains("is CALCULATED"));
        long run = Reference.runId(T, p);
        try (Connection c = OwnerSql.connect()) {
            assertThat(OwnerSql.number(c, "SELECT count(*) FROM distribution_run r JOIN period p ON p.id = r.period_id"
                    + " WHERE p.tenant_id = ? AND p.label = ?", T, p)).isEqualTo(1);
        }
        Reference.assertRunLinesMatch(run, List.of(f));
    }

    @Test
    void concurrentDistributionsPublishStatementsOnce() throws Exception {
        String p = "race-distribute";
        FilingFixture.Filed f = closedWithOneAcceptedFiling(p);
        cmo.post("nadia", p, "calculate").then().statusCode(200);
        cmo.post("noah", p, "approve").then().statusCode(200);
        List<Response> responses = atOnce(java.util.Collections.nCopies(6, "nadia"), p, "distribute");
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(5);
        Reference.assertStatementsMatch(T, p, Reference.engine(List.of(f)));
    }
}
