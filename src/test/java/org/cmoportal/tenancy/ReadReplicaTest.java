package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.Map;

import jakarta.inject.Inject;

import org.cmoportal.statement.StatementFixture;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The read replica pointed at the test's own database (a replica with no lag): pages marked for it read through
 * it with the tenant bound there, a person who just wrote reads the primary, and RLS holds on the replica's connections.
 */
@QuarkusTest
@TestProfile(ReadReplicaTest.OwnDatabaseAsReplica.class)
class ReadReplicaTest {

    public static class OwnDatabaseAsReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.replica.jdbc.url", "${quarkus.datasource.jdbc.url}");
        }
    }

    @Inject
    StatementFixture fixture;

    @Inject
    Replica replica;

    @Inject
    ReplicaProbe probe;

    @Test
    void statementPagesReadThroughTheReplicaAndAnotherTenantsStatementIsNotFound() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        StatementFixture.Result other = fixture.standard("nadia", "stmt-builder");
        long alices = world.period("2026-Q3").statementIds().get("alice");
        long elsewhere = other.period("2026-Q3").statementIds().get("bob");

        Replica.Figures before = replica.figures();
        String page = as("alice").get("/t/" + world.tenant() + "/statements/" + alices).then().statusCode(200).extract().asString();
        assertThat(page).contains(world.tenantName()).contains("21,696.43");
        Replica.Figures after = replica.figures();
        assertThat(after.state()).isEqualTo(Replica.Route.REPLICA);
        assertThat(reads(after, Replica.Route.REPLICA) - reads(before, Replica.Route.REPLICA)).isEqualTo(1);
        assertThat(after.replicaStatements()).as("the page's statements ran on the replica's connection")
                .isGreaterThan(before.replicaStatements() + 2);

        // an administrator of both tenants, asking in one for the other's statement: row-level security and the
        // tenant filter on the replica find nothing
        as("nadia").get("/t/" + world.tenant() + "/admin/statements/" + elsewhere).then().statusCode(404);
        as("nadia").get("/t/" + other.tenant() + "/admin/statements/" + elsewhere).then().statusCode(200);
        as("bob").get("/t/" + world.tenant() + "/statements/" + elsewhere).then().statusCode(404);
        assertThat(reads(replica.figures(), Replica.Route.REPLICA) - reads(after, Replica.Route.REPLICA)).isEqualTo(3);

        // the member's history (their statements list, with its chart) and the stakes register read there too
        long beforeLists = reads(replica.figures(), Replica.Route.REPLICA);
        as("alice").get("/member").then().statusCode(200);
        as("nadia").get("/t/" + world.tenant() + "/admin/balances").then().statusCode(200);
        assertThat(reads(replica.figures(), Replica.Route.REPLICA) - beforeLists).isEqualTo(2);
    }

    @Test
    void theReplicasConnectionHoldsTheTenantAndRowLevelSecurityShowsOnlyItsRows() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        fixture.standard("nadia", "stmt-builder");
        ReplicaProbe.Seen seen = probe.read(world.tenant());
        assertThat(seen.applicationName()).isEqualTo("cmo-portal-replica");
        assertThat(seen.tenantBound()).isEqualTo(world.tenant());
        long own = OwnerSql.number("SELECT count(*) FROM statement WHERE tenant_id = ?", world.tenant());
        long all = OwnerSql.number("SELECT count(*) FROM statement");
        assertThat(all).isGreaterThan(own);
        assertThat(seen.statements()).as("a query naming every tenant still sees only its own").isEqualTo(own);
    }

    @Test
    void afterAWriteThePersonReadsThePrimary() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        fixture.link("carol", world.tenant(), "carol");
        long carols = world.period("2026-Q3").statementIds().get("carol");
        String page = "/t/" + world.tenant() + "/statements/" + carols;

        Replica.Figures start = replica.figures();
        as("carol").get(page).then().statusCode(200);
        Replica.Figures read = replica.figures();
        assertThat(reads(read, Replica.Route.REPLICA) - reads(start, Replica.Route.REPLICA)).isEqualTo(1);

        Response saved = as("carol").cookie("csrf-token", DevTokens.CSRF).header("X-CSRF-TOKEN", DevTokens.CSRF)
                .contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("category", "news").formParam("trainAi", "no").formParam("search", "yes")
                .post("/t/" + world.tenant() + "/members/carol/preferences");
        assertThat(saved.statusCode()).isEqualTo(303);
        String written = saved.cookie(RecentWrites.COOKIE);
        assertThat(written).as("the write's WAL position, in a short-lived cookie").matches("[0-9a-f]+");

        // with the cookie (a browser), and without it (an API client: known by name), the next read is the primary's
        as("carol").cookie(RecentWrites.COOKIE, written).get(page).then().statusCode(200);
        as("carol").get(page).then().statusCode(200);
        Replica.Figures after = replica.figures();
        assertThat(reads(after, Replica.Route.PRIMARY_AFTER_WRITE) - reads(read, Replica.Route.PRIMARY_AFTER_WRITE)).isEqualTo(2);
        assertThat(reads(after, Replica.Route.REPLICA)).isEqualTo(reads(read, Replica.Route.REPLICA));

        // someone else, who wrote nothing, still reads the replica
        as("bob").get("/t/" + world.tenant() + "/statements/" + world.period("2026-Q3").statementIds().get("bob"))
                .then().statusCode(200);
        assertThat(reads(replica.figures(), Replica.Route.REPLICA) - reads(after, Replica.Route.REPLICA)).isEqualTo(1);
    }

    static long reads(Replica.Figures f, Replica.Route route) {
        return f.reads().getOrDefault(route, 0L);
    }
}
