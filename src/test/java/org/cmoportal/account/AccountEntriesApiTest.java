package org.cmoportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.ApiPaging.Page;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

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

        ApiPaging<Long> alices = entries(world, "alice");
        alices.assertPaged(e[0], e[1], e[2], e[3], e[4]);
        assertThat(alices.get(null, 2, 2).response().jsonPath().getString("balance")).isEqualTo("9.50");
        Page<Long> adjusted = entries(world, "nadia").assertFinds("ADJUSTED", e[4]);
        assertThat(adjusted.response().jsonPath().getString("balance")).as("the whole account's, whatever the search").isEqualTo("9.50");
        alices.assertFinds("third", e[2]);

        // as before: another member's account is not found, a builder is not allowed, another CMO's administrator finds nothing
        world.api("bob").queryParam("page", 2).get("/members/alice/account").then().statusCode(404);
        world.api("bruno").get("/members/alice/account").then().statusCode(403);
        world.api("cora").queryParam("q", "first").get("/members/alice/account").then().statusCode(404);
    }

    /** Alice's account's entries as {@code who} reads them. */
    private static ApiPaging<Long> entries(AccountWorld world, String who) {
        return ApiPaging.of(() -> world.api(who), "/members/alice/account", "entries.id", Long.class);
    }
}
