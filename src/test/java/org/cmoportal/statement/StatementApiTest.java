package org.cmoportal.statement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.cmoportal.distribution.MemberStatement;
import org.cmoportal.distribution.StatementLine;
import org.cmoportal.money.Amounts;
import org.cmoportal.testsupport.DevTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The statement API of api.md: the engine's lines as JSON and CSV, zero for nothing due, 404 for others. */
@QuarkusTest
class StatementApiTest {

    @Inject
    StatementFixture fixture;

    StatementFixture.Result world;

    @BeforeEach
    void setUp() {
        world = fixture.standard("nadia", "stmt-builder");
    }

    String url(String period, String ref) {
        return "/api/v1/tenants/" + world.tenant() + "/periods/" + period + "/statements/" + ref;
    }

    @Test
    void aMembersStatementHoldsTheEnginesLines() {
        MemberStatement expected = world.period("2026-Q3").distribution().statement("alice");
        JsonPath json = given().auth().oauth2(DevTokens.of("alice")).get(url("2026-Q3", "alice"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(json.getString("ref")).isEqualTo("alice");
        assertThat(json.getString("total")).isEqualTo(Amounts.format(expected.total(), StatementFixture.USD));
        List<Map<String, Object>> lines = json.getList("lines");
        assertThat(lines).hasSize(expected.lines().size());
        for (int i = 0; i < lines.size(); i++) {
            StatementLine l = expected.lines().get(i);
            assertThat(lines.get(i)).containsEntry("builder", l.builder()).containsEntry("model", l.model())
                    .containsEntry("category", l.category()).containsEntry("amount", Amounts.format(l.amount(), StatementFixture.USD));
            assertThat(((Number) lines.get(i).get("units")).longValue()).isEqualTo(l.units());
            assertThat(((Number) lines.get(i).get("categoryUnits")).longValue()).isEqualTo(l.categoryUnits());
        }
    }

    @Test
    void theSameAsCsvWithFormulasNeutralised() {
        String csv = given().auth().oauth2(DevTokens.of("nadia")).accept("text/csv").get(url("2026-Q3", "alice"))
                .then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", CsvExport.MEMBER_HEADER));
        assertThat(csv).contains("'+Evil Labs").contains("'-model").contains("21696.43");
    }

    @Test
    void aMemberWithNothingDueGetsZeroAndNoLines() {
        given().auth().oauth2(DevTokens.of("nadia")).get(url("2026-Q3", "carol")).then().statusCode(200);
        // carol has a books line in Q3; in Q2 she has nothing
        given().auth().oauth2(DevTokens.of("nadia")).get(url("2026-Q2", "carol")).then().statusCode(200)
                .body("total", equalTo("0.00")).body("lines.size()", equalTo(0));
    }

    @Test
    void othersStatementsAndUndistributedPeriodsAreRefused() {
        given().auth().oauth2(DevTokens.of("bob")).get(url("2026-Q3", "alice")).then().statusCode(404);
        given().auth().oauth2(DevTokens.of("alice")).get(url("2026-Q3", "nobody")).then().statusCode(404);
        given().auth().oauth2(DevTokens.of("cora")).get(url("2026-Q3", "alice")).then().statusCode(404);
        given().auth().oauth2(DevTokens.of("stmt-builder")).get(url("2026-Q3", "alice")).then().statusCode(403);
        given().auth().oauth2(DevTokens.of("nadia")).get(url("2026-Q4", "alice")).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("OPEN"));
    }
}
