package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Whom a representative represents grows with it: {@code GET .../members/{ref}/payee} gives the payee details as before
 * with a page of them in {@code represents} (by member ref; {@code q}, {@code page}, {@code size}), the count that matches
 * in {@code X-Total-Count} and all of them in {@code representsCount}. Who may read it does not change.
 */
@QuarkusTest
class PayeeApiListTest {

    @Test
    void theMembersARepresentativeRepresentsArePagedAndSearched() {
        PayCmo cmo = PayCmo.create("EUR", Map.of("guild", "carol", "other", "dave"));
        // r01 .. r05 name guild (r06 did and ended it, r07 names other)
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, 'r' || lpad(g::text, 2, '0'), 'Represented ' || g"
                + " FROM generate_series(1, 7) g", cmo.slug);
        OwnerSql.execute("""
                INSERT INTO representation (tenant_id, member_ref, representative_ref, state, named_by, ended_by, ended_at)
                SELECT ?, 'r' || lpad(g::text, 2, '0'), CASE WHEN g = 7 THEN 'other' ELSE 'guild' END,
                       CASE WHEN g = 6 THEN 'ENDED' ELSE 'NAMED' END, 'nadia',
                       CASE WHEN g = 6 THEN 'nadia' END, CASE WHEN g = 6 THEN now() END
                  FROM generate_series(7, 1, -1) g""", cmo.slug);

        for (String who : new String[] {"carol", "nadia"}) {
            Response second = get(cmo, who, "guild", null, 2, 2);
            assertThat(second.header("X-Total-Count")).isEqualTo("5");
            assertThat(second.jsonPath().getString("ref")).isEqualTo("guild");
            assertThat(second.jsonPath().getLong("representsCount")).isEqualTo(5);
            assertThat(members(second)).containsExactly("r03", "r04");
            assertThat(members(get(cmo, who, "guild", null, 1, 2))).containsExactly("r01", "r02");
            // a page beyond the last is the last
            assertThat(members(get(cmo, who, "guild", null, 9, 2))).containsExactly("r05");
            // the default page holds them all; sizes out of bounds are the bounds
            assertThat(members(get(cmo, who, "guild", null, null, null))).containsExactly("r01", "r02", "r03", "r04", "r05");
            assertThat(members(get(cmo, who, "guild", null, 1, 0))).containsExactly("r01");
            assertThat(members(get(cmo, who, "guild", null, 1, 1_000_000))).hasSize(5);

            // a part of the ref or the name in another case: the count is of those found, representsCount all of them
            Response found = get(cmo, who, "guild", "R0", 2, 3);
            assertThat(found.header("X-Total-Count")).isEqualTo("5");
            assertThat(members(found)).containsExactly("r04", "r05");
            Response byName = get(cmo, who, "guild", "REPRESENTED 4", null, null);
            assertThat(byName.header("X-Total-Count")).isEqualTo("1");
            assertThat(byName.jsonPath().getLong("representsCount")).isEqualTo(5);
            assertThat(members(byName)).containsExactly("r04");
            // the ended one and another representative's are never among them
            assertThat(members(get(cmo, who, "guild", "r06", null, null))).isEmpty();
            assertThat(members(get(cmo, who, "guild", "r07", null, null))).isEmpty();
        }
        assertThat(members(get(cmo, "dave", "other", null, null, null))).containsExactly("r07");

        // as before: another member and another CMO's administrator find nothing, the operator has no role here
        cmo.api("dave").queryParam("page", 2).get("/members/guild/payee").then().statusCode(404);
        cmo.api("cora").queryParam("q", "r0").get("/members/guild/payee").then().statusCode(404);
        cmo.api("olivia").queryParam("size", 2).get("/members/guild/payee").then().statusCode(403);
    }

    private static Response get(PayCmo cmo, String who, String ref, String query, Integer page, Integer size) {
        var request = cmo.api(who);
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/members/" + ref + "/payee").then().statusCode(200).extract().response();
    }

    private static java.util.List<String> members(Response response) {
        return response.jsonPath().getList("represents.member", String.class);
    }
}
