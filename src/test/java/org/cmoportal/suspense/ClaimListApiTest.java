package org.cmoportal.suspense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.suspense.SuspenseClaimsTest.api;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.Filings;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Claims grow with every unmatched ref: {@code GET /api/v1/tenants/{t}/claims} is searched by member ref or claimed ref
 * ({@code q}), read a page at a time ({@code page}, {@code size}), the whole count in {@code X-Total-Count}; an
 * administrator pages through every claim, a member through their own only, and anyone else finds nothing as before.
 */
@QuarkusTest
class ClaimListApiTest {

    @Test
    void claimsArePagedAndSearchedAndAMemberPagesTheirOwn() {
        String t = SuspenseClaimsTest.cmo();
        SuspenseClaimsTest.distribute(t, "2029-Q1", List.of(new Filings.Line("news", "alice", 1), new Filings.Line("news", "zed1", 1),
                new Filings.Line("news", "zed2", 1), new Filings.Line("news", "zed3", 1), new Filings.Line("news", "zed4", 1),
                new Filings.Line("news", "zed5", 1)));
        for (String ref : List.of("zed1", "zed2", "zed3")) {
            claim(t, "alice", ref);
        }
        for (String ref : List.of("zed4", "zed5")) {
            claim(t, "bob", ref);
        }

        // an administrator: every claim, all open, the latest first
        Response second = get(api(t, "nadia"), null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(second.jsonPath().getList("ref", String.class)).containsExactly("zed3", "zed2");
        assertThat(get(api(t, "nadia"), null, 9, 2).jsonPath().getList("ref", String.class)).containsExactly("zed1");
        assertThat(get(api(t, "nadia"), "ZED4", null, null).jsonPath().getList("memberRef", String.class)).containsExactly("bob");
        Response bobs = get(api(t, "nadia"), "bob", null, null);
        assertThat(bobs.header("X-Total-Count")).isEqualTo("2");
        assertThat(bobs.jsonPath().getList("ref", String.class)).containsExactly("zed5", "zed4");
        assertThat(get(api(t, "nadia"), null, null, null).jsonPath().getList("$")).hasSize(5);
        assertThat(get(api(t, "nadia"), null, 1, 0).jsonPath().getList("ref", String.class)).containsExactly("zed5");
        assertThat(get(api(t, "nadia"), null, 1, 1_000_000).jsonPath().getList("$")).hasSize(5);

        // a member: their own claims only, paged and searched the same way
        Response alices = get(api(t, "alice"), null, 2, 2);
        assertThat(alices.header("X-Total-Count")).isEqualTo("3");
        assertThat(alices.jsonPath().getList("ref", String.class)).containsExactly("zed1");
        Response others = get(api(t, "alice"), "zed4", null, null);
        assertThat(others.header("X-Total-Count")).isEqualTo("0");
        assertThat(others.jsonPath().getList("$")).isEmpty();

        // as before: a builder is not allowed, another tenant's people find no such tenant
        api(t, "bruno").queryParam("page", 2).get("/claims").then().statusCode(403);
        api(t, "cora").queryParam("q", "zed").get("/claims").then().statusCode(404);
        api(t, "dave").get("/claims").then().statusCode(404);
    }

    private static void claim(String t, String who, String ref) {
        api(t, who).contentType(ContentType.JSON).body(Map.of("ref", ref, "memberRef", who, "evidence", ref + " is " + who))
                .post("/claims").then().statusCode(201);
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
        return request.get("/claims").then().statusCode(200).extract().response();
    }
}
