package org.cmoportal.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A tenant's and its categories' names are printed on statements: one with a control character is refused, located. */
@QuarkusTest
class TenantNamesAtInputTest {

    @Test
    void aNameOrCategoryNameWithAControlCharacterIsRefusedAndNothingIsStored() {
        String slug = Unique.name("ctl");
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Press\u0001Guild", "currency", "USD", "adminFeeRate", "0.10",
                        "categories", List.of(Map.of("key", "news", "name", "News"), Map.of("key", "code", "name", "Co\u0007de"))))
                .post("/api/v1/tenants").then().statusCode(422).contentType("application/problem+json")
                .body("errors.where", containsInAnyOrder("name", "categories[1].name"))
                .body("errors.message", hasItem(containsString("control character (U+0001) at position 6")));
        given().auth().oauth2(DevTokens.of("olivia")).get("/api/v1/tenants/" + slug).then().statusCode(404);
    }
}
