package org.cmoportal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The platform's tenants grow with every CMO: the operator's {@code GET /api/v1/tenants} is searched by slug or name
 * ({@code q}), read a page at a time ({@code page}, {@code size}) by name, the whole count in {@code X-Total-Count};
 * for the operator alone, as before.
 */
@QuarkusTest
class TenantListApiTest {

    @Test
    void tenantsArePagedAndSearched() {
        String marker = Unique.name("tla");
        for (int i = 1; i <= 5; i++) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-" + i,
                    "name", "Listed Guild " + marker.toUpperCase() + " " + i, "currency", "USD", "adminFeeRate", "0.10",
                    "categories", List.of(Map.of("key", "news", "name", "News")))).post("/api/v1/tenants").then().statusCode(201);
        }

        Response second = get(marker, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(slugs(second)).containsExactly(marker + "-3", marker + "-4");
        // each tenant as before, with its categories
        assertThat(second.jsonPath().getList("[0].categories.key", String.class)).contains("news");
        // a page beyond the last is the last
        assertThat(slugs(get(marker, 9, 2))).containsExactly(marker + "-5");
        Response byName = get("listed guild " + marker + " 2", null, null);
        assertThat(byName.header("X-Total-Count")).isEqualTo("1");
        assertThat(slugs(byName)).containsExactly(marker + "-2");
        assertThat(slugs(get("nothing-" + marker, null, null))).isEmpty();
        Response all = get(null, null, null);
        assertThat(Long.parseLong(all.header("X-Total-Count"))).isGreaterThanOrEqualTo(5);
        assertThat(slugs(all)).hasSize((int) Math.min(100, Long.parseLong(all.header("X-Total-Count"))));
        assertThat(slugs(get(marker, 1, 0))).containsExactly(marker + "-1");
        assertThat(slugs(get(marker, 1, 1_000_000))).hasSize(5);

        // as before: for the operator alone
        for (String other : List.of("nadia", "bruno", "alice")) {
            DevTokens.as(other).queryParam("q", marker).get("/api/v1/tenants").then().statusCode(403);
        }
    }

    private static List<String> slugs(Response r) {
        return r.jsonPath().getList("slug", String.class);
    }

    private static Response get(String query, Integer page, Integer size) {
        RequestSpecification request = DevTokens.as("olivia");
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/api/v1/tenants").then().statusCode(200).extract().response();
    }
}
