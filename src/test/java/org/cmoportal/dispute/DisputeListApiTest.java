package org.cmoportal.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Disputes grow with members and periods: {@code GET /api/v1/tenants/{t}/disputes} is filtered by {@code state},
 * searched by member (ref or name), period or model ({@code q}), read a page at a time ({@code page}, {@code size}),
 * the whole count in {@code X-Total-Count}; an administrator pages through every dispute, a member through their own.
 */
@QuarkusTest
class DisputeListApiTest {

    @Test
    void disputesArePagedSearchedAndFilteredAndAMemberPagesTheirOwn() {
        DisputeWorld world = DisputeWorld.create();
        world.distribute("2027-Q1");
        world.distribute("2027-Q2");
        long d1 = open(world, "alice", "2027-Q1", "news");
        long d2 = open(world, "alice", "2027-Q1", "code");
        long d3 = open(world, "alice", "2027-Q2", "news");
        long d4 = open(world, "bob", "2027-Q1", "news");
        long d5 = open(world, "bob", "2027-Q2", "code");
        world.api("noah").contentType(ContentType.JSON).body(Map.of("reason", "As reported.")).post("/disputes/" + d1 + "/resolve")
                .then().statusCode(200);

        // an administrator: every dispute, the latest first
        Response second = get(world.api("nadia"), null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(second.jsonPath().getList("id", Long.class)).containsExactly(d3, d2);
        assertThat(get(world.api("nadia"), null, 9, 2).jsonPath().getList("id", Long.class)).containsExactly(d1);
        Response bobs = get(world.api("nadia"), "BOB DISPUTES", null, null);
        assertThat(bobs.header("X-Total-Count")).isEqualTo("2");
        assertThat(bobs.jsonPath().getList("id", Long.class)).containsExactly(d5, d4);
        assertThat(get(world.api("nadia"), "2027-q2", null, null).jsonPath().getList("id", Long.class)).containsExactly(d5, d3);
        assertThat(get(world.api("nadia"), null, null, null).jsonPath().getList("id", Long.class)).containsExactly(d5, d4, d3, d2, d1);
        assertThat(get(world.api("nadia"), null, 1, 0).jsonPath().getList("id", Long.class)).containsExactly(d5);
        assertThat(get(world.api("nadia"), null, 1, 1_000_000).jsonPath().getList("id")).hasSize(5);
        // the state filter narrows the count as well
        Response open = get(world.api("nadia").queryParam("state", "open"), null, 2, 3);
        assertThat(open.header("X-Total-Count")).isEqualTo("4");
        assertThat(open.jsonPath().getList("id", Long.class)).containsExactly(d2);
        assertThat(get(world.api("nadia").queryParam("state", "REJECTED"), null, null, null).jsonPath().getList("id", Long.class))
                .containsExactly(d1);
        world.api("nadia").queryParam("state", "lost").queryParam("page", 2).get("/disputes").then().statusCode(422);

        // a member: their own disputes only, paged and searched the same way
        Response alices = get(world.api("alice"), null, 2, 2);
        assertThat(alices.header("X-Total-Count")).isEqualTo("3");
        assertThat(alices.jsonPath().getList("id", Long.class)).containsExactly(d1);
        Response others = get(world.api("alice"), "bob", null, null);
        assertThat(others.header("X-Total-Count")).isEqualTo("0");
        assertThat(others.jsonPath().getList("id")).isEmpty();

        // as before: a builder is not allowed, another tenant's administrator finds no such tenant
        world.api("bruno").queryParam("page", 2).get("/disputes").then().statusCode(403);
        world.api("cora").queryParam("q", "alice").get("/disputes").then().statusCode(404);
    }

    private static long open(DisputeWorld world, String member, String period, String category) {
        long line = world.line(member, period, category)[0];
        return world.api(member).contentType(ContentType.JSON).body(Map.of("statementLineId", line, "message", "Check " + category))
                .post("/disputes").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Response get(RequestSpecification request, String query, Integer page, Integer size) {
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/disputes").then().statusCode(200).extract().response();
    }
}
