package org.cmoportal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

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

        ApiPaging<String> tenants = ApiPaging.of(() -> DevTokens.as("olivia"), "/api/v1/tenants", "slug", String.class);
        tenants.assertPaged(marker, List.of(marker + "-1", marker + "-2", marker + "-3", marker + "-4", marker + "-5"));
        // each tenant as before, with its categories
        assertThat(tenants.get(marker, 2, 2).response().jsonPath().getList("[0].categories.key", String.class)).contains("news");
        tenants.assertFinds("listed guild " + marker + " 2", marker + "-2");
        tenants.assertFinds("nothing-" + marker);
        tenants.assertUnsearchedCountsAtLeast(5);

        // as before: for the operator alone
        for (String other : List.of("nadia", "bruno", "alice")) {
            DevTokens.as(other).queryParam("q", marker).get("/api/v1/tenants").then().statusCode(403);
        }
    }
}
