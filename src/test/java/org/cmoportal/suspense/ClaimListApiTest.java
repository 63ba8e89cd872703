package org.cmoportal.suspense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.suspense.SuspenseClaimsTest.api;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.Filings;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

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
        ApiPaging<String> nadias = claims(t, "nadia");
        nadias.assertPaged("zed5", "zed4", "zed3", "zed2", "zed1");
        assertThat(nadias.assertFinds("ZED4", "zed4").response().jsonPath().getList("memberRef", String.class)).containsExactly("bob");
        nadias.assertFinds("bob", "zed5", "zed4");

        // a member: their own claims only, paged and searched the same way
        ApiPaging<String> alices = claims(t, "alice");
        alices.assertPaged("zed3", "zed2", "zed1");
        alices.assertFinds("zed4");

        // as before: a builder is not allowed, another tenant's people find no such tenant
        api(t, "bruno").queryParam("page", 2).get("/claims").then().statusCode(403);
        api(t, "cora").queryParam("q", "zed").get("/claims").then().statusCode(404);
        api(t, "dave").get("/claims").then().statusCode(404);
    }

    /** The tenant's claims, by the ref claimed, as {@code who} reads them. */
    private static ApiPaging<String> claims(String t, String who) {
        return ApiPaging.of(() -> api(t, who), "/claims", "ref", String.class);
    }

    private static void claim(String t, String who, String ref) {
        api(t, who).contentType(ContentType.JSON).body(Map.of("ref", ref, "memberRef", who, "evidence", ref + " is " + who))
                .post("/claims").then().statusCode(201);
    }
}
