package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A CMO's licences grow with the builders it licenses: {@code GET /api/v1/tenants/{t}/licences} is searched by the
 * organisation's slug or name ({@code q}), read a page at a time ({@code page}, {@code size}) by name, the whole count
 * in {@code X-Total-Count}; for the tenant's administrators alone, as before.
 */
@QuarkusTest
class LicenceListApiTest {

    @Test
    void licencesArePagedAndSearched() {
        String tenant = Unique.name("lla");
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Licence Lists " + tenant,
                "currency", "USD", "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + tenant + "/admins").then().statusCode(201);
        String marker = Unique.name("lic");
        // licensed out of name order: the list is by name
        for (String letter : List.of("E", "C", "A", "D", "B")) {
            Organisations.ensure(marker + "-" + letter.toLowerCase(), "Licensed " + letter + " " + marker, "omar");
            Organisations.license("nadia", tenant, marker + "-" + letter.toLowerCase());
        }

        Response second = get(tenant, null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(slugs(second)).containsExactly(marker + "-c", marker + "-d");
        // a page beyond the last is the last
        assertThat(slugs(get(tenant, null, 9, 2))).containsExactly(marker + "-e");
        Response byName = get(tenant, "LICENSED B", null, null);
        assertThat(byName.header("X-Total-Count")).isEqualTo("1");
        assertThat(slugs(byName)).containsExactly(marker + "-b");
        assertThat(slugs(get(tenant, marker + "-d", null, null))).containsExactly(marker + "-d");
        assertThat(slugs(get(tenant, "nothing-" + marker, null, null))).isEmpty();
        assertThat(slugs(get(tenant, null, null, null))).hasSize(5);
        assertThat(slugs(get(tenant, null, 1, 0))).containsExactly(marker + "-a");
        assertThat(slugs(get(tenant, null, 1, 1_000_000))).hasSize(5);

        // as before: a member is not allowed, another CMO's administrator finds no such tenant
        DevTokens.as("alice").queryParam("page", 2).get("/api/v1/tenants/newsguild/licences").then().statusCode(403);
        DevTokens.as("cora").queryParam("q", marker).get("/api/v1/tenants/" + tenant + "/licences").then().statusCode(404);
    }

    private static List<String> slugs(Response r) {
        return r.jsonPath().getList("builderSlug", String.class);
    }

    private static Response get(String tenant, String query, Integer page, Integer size) {
        RequestSpecification request = DevTokens.as("nadia").basePath("/api/v1/tenants/" + tenant);
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/licences").then().statusCode(200).extract().response();
    }
}
