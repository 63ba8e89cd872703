package org.cmoportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A member's account grows with every period and payment: {@code GET .../members/{ref}/account} gives the account as
 * before, its {@code entries} a page of them oldest first, searched by kind, period or reason ({@code q}), paged by
 * {@code page} and {@code size}, the count that matches in {@code X-Total-Count}; the balance is always the whole
 * account's. Who may read it does not change: the member holding the ref and the administrators.
 */
@QuarkusTest
class AccountEntriesApiTest {

    @Test
    void anAccountsEntriesArePagedAndSearched() {
        AccountWorld world = AccountWorld.create();
        long[] e = new long[5];
        String[] reasons = {"first", "second", "third", "fourth"};
        for (int i = 0; i < 4; i++) {
            e[i] = world.post("alice", "EARNED", 100L * (i + 1), "none", "test", 9_000 + i, reasons[i]);
        }
        e[4] = world.post("alice", "ADJUSTED", -50, "none", "test", 9_004, "a correction");

        Response second = get(world.api("alice"), null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(ids(second)).containsExactly(e[2], e[3]);
        assertThat(second.jsonPath().getString("balance")).isEqualTo("9.50");
        // a page beyond the last is the last
        assertThat(ids(get(world.api("alice"), null, 9, 2))).containsExactly(e[4]);
        Response adjusted = get(world.api("nadia"), "ADJUSTED", null, null);
        assertThat(adjusted.header("X-Total-Count")).isEqualTo("1");
        assertThat(ids(adjusted)).containsExactly(e[4]);
        assertThat(adjusted.jsonPath().getString("balance")).as("the whole account's, whatever the search").isEqualTo("9.50");
        assertThat(ids(get(world.api("alice"), "third", null, null))).containsExactly(e[2]);
        assertThat(ids(get(world.api("alice"), null, null, null))).containsExactly(e[0], e[1], e[2], e[3], e[4]);
        assertThat(ids(get(world.api("alice"), null, 1, 0))).containsExactly(e[0]);
        assertThat(ids(get(world.api("alice"), null, 1, 1_000_000))).hasSize(5);

        // as before: another member's account is not found, a builder is not allowed, another CMO's administrator finds nothing
        world.api("bob").queryParam("page", 2).get("/members/alice/account").then().statusCode(404);
        world.api("bruno").get("/members/alice/account").then().statusCode(403);
        world.api("cora").queryParam("q", "first").get("/members/alice/account").then().statusCode(404);
    }

    private static List<Long> ids(Response r) {
        return r.jsonPath().getList("entries.id", Long.class);
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
        return request.get("/members/alice/account").then().statusCode(200).extract().response();
    }
}
