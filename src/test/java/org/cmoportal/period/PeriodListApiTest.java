package org.cmoportal.period;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Tenants;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
        String tenant = Tenants.administeredBy("pla", "Period Lists", "nadia");
        for (String label : List.of("2030-Q1", "2030-Q2", "2030-Q3", "2031-Q1", "2031-Q2")) {
            api(tenant).contentType(ContentType.JSON).body(Map.of("label", label)).post("/periods").then().statusCode(201);
        }

        ApiPaging<String> periods = ApiPaging.of(() -> api(tenant), "/periods", "label", String.class);
        periods.assertPaged("2031-Q2", "2031-Q1", "2030-Q3", "2030-Q2", "2030-Q1");
        periods.assertFinds("2031-q", "2031-Q2", "2031-Q1");
        periods.assertFinds("1999");

        // as before: a member is not allowed, another CMO's administrator finds no such tenant
        DevTokens.as("alice").queryParam("page", 2).get("/api/v1/tenants/newsguild/periods").then().statusCode(403);
        DevTokens.as("cora").queryParam("q", "2031").get("/api/v1/tenants/" + tenant + "/periods").then().statusCode(404);
    }

    private static RequestSpecification api(String tenant) {
        return DevTokens.as("nadia").basePath("/api/v1/tenants/" + tenant);
    }
}
