package org.cmoportal.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.oneOf;

import java.util.Map;

import io.restassured.http.ContentType;

/**
 * Builder organisations made the way people make them: the operator creates one and names its first
 * administrator, then a CMO's administrator licenses it by slug.
 */
public final class Organisations {

    private Organisations() {
    }

    /** Creates the organisation through the operator's API, unless it exists already (409). */
    public static void ensure(String slug, String name, String admin) {
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", name, "admin", admin))
                .post("/api/v1/builders").then().statusCode(oneOf(201, 409));
    }

    /** {@code cmoAdmin} licenses the existing organisation with {@code tenant}. */
    public static void license(String cmoAdmin, String tenant, String slug) {
        given().auth().oauth2(DevTokens.of(cmoAdmin)).contentType(ContentType.JSON).body(Map.of("builder", slug))
                .post("/api/v1/tenants/" + tenant + "/licences").then().statusCode(201);
    }
}
