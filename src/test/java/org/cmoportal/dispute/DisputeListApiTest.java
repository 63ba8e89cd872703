package org.cmoportal.dispute;

import java.util.Map;
import java.util.function.Supplier;

import org.cmoportal.testsupport.ApiPaging;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
        ApiPaging<Long> nadias = disputes(() -> world.api("nadia"));
        nadias.assertPaged(d5, d4, d3, d2, d1);
        nadias.assertFinds("BOB DISPUTES", d5, d4);
        nadias.assertFinds("2027-q2", d5, d3);
        // the state filter narrows the count as well
        disputes(() -> world.api("nadia").queryParam("state", "open")).assertPaged(d5, d4, d3, d2);
        disputes(() -> world.api("nadia").queryParam("state", "REJECTED")).assertFinds(null, d1);
        world.api("nadia").queryParam("state", "lost").queryParam("page", 2).get("/disputes").then().statusCode(422);

        // a member: their own disputes only, paged and searched the same way
        ApiPaging<Long> alices = disputes(() -> world.api("alice"));
        alices.assertPaged(d3, d2, d1);
        alices.assertFinds("bob");

        // as before: a builder is not allowed, another tenant's administrator finds no such tenant
        world.api("bruno").queryParam("page", 2).get("/disputes").then().statusCode(403);
        world.api("cora").queryParam("q", "alice").get("/disputes").then().statusCode(404);
    }

    private static ApiPaging<Long> disputes(Supplier<RequestSpecification> request) {
        return ApiPaging.of(request, "/disputes", "id", Long.class);
    }

    private static long open(DisputeWorld world, String member, String period, String category) {
        long line = world.line(member, period, category)[0];
        return world.api(member).contentType(ContentType.JSON).body(Map.of("statementLineId", line, "message", "Check " + category))
                .post("/disputes").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
