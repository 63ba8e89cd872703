package org.cmoportal.evaluator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** An evaluator's name is printed in the statement trail: one with a control character is refused, located. */
@QuarkusTest
class EvaluatorNamesAtInputTest {

    @Test
    void aNameWithAControlCharacterIsRefusedAndNothingIsStored() {
        String slug = Unique.name("ev");
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Evals\u001BLab")).post("/api/v1/evaluators")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].where", equalTo("name"))
                .body("errors[0].message", containsString("control character (U+001B) at position 6"));
        given().auth().oauth2(DevTokens.of("olivia")).get("/api/v1/evaluators/" + slug).then().statusCode(404);
    }
}
