package org.cmoportal.period;

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
 * A CMO's periods grow by four a year: {@code GET /api/v1/tenants/{t}/periods} is searched by label ({@code q}), read
 * a page at a time ({@code page}, {@code size}) the latest opened first, the whole count in {@code X-Total-Count}; for
 * the tenant's administrators alone, as before.
 */
@QuarkusTest
class PeriodListApiTest {

    @Test
    void periodsArePagedAndSearched() {
        String tenant = Unique.name("pla");
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Period Lists " + tenant,
                "currency", "USD", "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + tenant + "/admins").then().statusCode(201);
        for (String label : List.of("2030-Q1", "2030-Q2", "2030-Q3", "2031-Q1", "2031-Q2")) {
            api(tenant).contentType(ContentType.JSON).body(Map.of("label", label)).post("/periods").then().statusCode(201);
        }

        Response second = get(tenant, null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(labels(second)).containsExactly("2030-Q3", "2030-Q2");
        // a page beyond the last is the last
        assertThat(labels(get(tenant, null, 9, 2))).containsExactly("2030-Q1");
        Response of2031 = get(tenant, "2031-q", null, null);
        assertThat(of2031.header("X-Total-Count")).isEqualTo("2");
        assertThat(labels(of2031)).containsExactly("2031-Q2", "2031-Q1");
        assertThat(labels(get(tenant, "1999", null, null))).isEmpty();
        assertThat(labels(get(tenant, null, null, null))).hasSize(5);
        assertThat(labels(get(tenant, null, 1, 0))).containsExactly("2031-Q2");
        assertThat(labels(get(tenant, null, 1, 1_000_000))).hasSize(5);

        // as before: a member is not allowed, another CMO's administrator finds no such tenant
        DevTokens.as("alice").queryParam("page", 2).get("/api/v1/tenants/newsguild/periods").then().statusCode(403);
        DevTokens.as("cora").queryParam("q", "2031").get("/api/v1/tenants/" + tenant + "/periods").then().statusCode(404);
    }

    private static List<String> labels(Response r) {
        return r.jsonPath().getList("label", String.class);
    }

    private static RequestSpecification api(String tenant) {
        return DevTokens.as("nadia").basePath("/api/v1/tenants/" + tenant);
    }

    private static Response get(String tenant, String query, Integer page, Integer size) {
        RequestSpecification request = api(tenant);
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/periods").then().statusCode(200).extract().response();
    }
}
