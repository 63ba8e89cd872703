package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.Map;

import jakarta.inject.Inject;

import org.cmoportal.statement.StatementFixture;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A replica that does not answer (a closed port): every page answers from the primary, quickly, and says why. */
@QuarkusTest
@TestProfile(ReplicaDownTest.ClosedPort.class)
class ReplicaDownTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 1 (tcpmux) is closed on any machine that runs these tests: the connection is refused at once
            return Map.of("quarkus.datasource.replica.jdbc.url", "jdbc:postgresql://127.0.0.1:1/postgres");
        }
    }

    @Inject
    StatementFixture fixture;

    @Inject
    Replica replica;

    @Inject
    ReplicaProbe probe;

    @Test
    void pagesAnswerFromThePrimaryWhenTheReplicaIsDown() throws InterruptedException {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        String page = "/t/" + world.tenant() + "/statements/" + world.period("2026-Q3").statementIds().get("alice");
        // the first request of a fresh application is slow for reasons of its own (classes, templates): not timed
        Replica.Figures before = replica.figures();
        as("alice").get(page).then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1_100); // past cmo.replica.check-every: each read tries the replica again
            long started = System.nanoTime();
            String html = as("alice").get(page).then().statusCode(200).extract().asString();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(html).contains("21,696.43");
            assertThat(millis).as("read %d took %d ms", i, millis).isLessThan(3_000);
        }
        Replica.Figures after = replica.figures();
        assertThat(after.state()).isEqualTo(Replica.Route.PRIMARY_UNREACHABLE);
        assertThat(after.why()).startsWith("unreachable");
        assertThat(ReadReplicaTest.reads(after, Replica.Route.PRIMARY_UNREACHABLE)
                - ReadReplicaTest.reads(before, Replica.Route.PRIMARY_UNREACHABLE)).isEqualTo(4);
        assertThat(after.replicaStatements()).isEqualTo(before.replicaStatements());
        as("alice").get("/q/health/ready").then().statusCode(200);

        // the same read, called directly: it runs on the primary's connection, with the tenant bound there
        ReplicaProbe.Seen seen = probe.read(world.tenant());
        assertThat(seen.applicationName()).isNotEqualTo("cmo-portal-replica");
        assertThat(seen.tenantBound()).isEqualTo(world.tenant());
    }
}
