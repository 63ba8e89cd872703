package org.cmoportal.testsupport;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

/** CMOs made the way the operator makes them: created through the operator's API, then given their administrator. */
public final class Tenants {

    private Tenants() {
    }

    /**
     * A new CMO of its own (a {@link Unique} slug from {@code prefix}, named {@code name} and the slug), in USD with a 10%
     * admin fee and one category, {@code news}, administered by {@code admin}; its slug.
     */
    public static String administeredBy(String prefix, String name, String admin) {
        String slug = Unique.name(prefix);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name + " " + slug,
                "currency", "USD", "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        return slug;
    }
}
