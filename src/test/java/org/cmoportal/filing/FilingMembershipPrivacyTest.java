package org.cmoportal.filing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.cmoportal.testsupport.DevTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Whether a ref is a member of the CMO is the CMO's business: a builder filing usage must not learn it, or it could
 * probe any name. Two filings alike but for refs that are members and refs that are not answer the builder alike.
 */
@QuarkusTest
class FilingMembershipPrivacyTest {

    static final String MEMBERS = "category,member_ref,units\nnews,alice,3\nnews,bob,1\n";
    static final String STRANGERS = "category,member_ref,units\nnews,xyzzy,3\nnews,qux,1\n";

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    @Test
    void theBuildersFilingPageAndApiAnswerTheSameForMembersAndStrangers() {
        String period = IntakeFixture.openPeriod("newsguild");
        String json = FilingApiTest.EXAMPLE.replace("acme-llm-7", "%s");
        var known = FilingApiTest.post("newsguild", period, json.formatted("model-one"), MEMBERS.getBytes(StandardCharsets.UTF_8), null);
        var unknown = FilingApiTest.post("newsguild", period, json.formatted("model-two"), STRANGERS.getBytes(StandardCharsets.UTF_8), null);
        assertThat(normalised(unknown.then().statusCode(201).extract().asString(), "model-two"))
                .isEqualTo(normalised(known.then().statusCode(201).extract().asString(), "model-one"));

        long knownId = known.jsonPath().getLong("id");
        long unknownId = unknown.jsonPath().getLong("id");
        String api = "/api/v1/tenants/newsguild/periods/" + period + "/filings/";
        assertThat(normalised(get(api + unknownId), "model-two")).isEqualTo(normalised(get(api + knownId), "model-one"));

        String page = "/t/newsguild/periods/" + period + "/filings/";
        String knownPage = get(page + knownId);
        assertThat(normalised(get(page + unknownId), "model-two")).isEqualTo(normalised(knownPage, "model-one"));
        assertThat(knownPage).doesNotContainIgnoringCase("match no member").doesNotContainIgnoringCase("suspense");
    }

    private static String get(String path) {
        return given().auth().oauth2(DevTokens.of("bruno")).get(path).then().statusCode(200).extract().asString();
    }

    /** What differs by construction: ids, the model, hashes of the differing files, times of submission, CSRF tokens. */
    private static String normalised(String answer, String model) {
        return answer.replace(model, "MODEL")
                .replaceAll("filings/\\d+", "filings/ID").replaceAll("Filing \\d+", "Filing ID").replaceAll("\"id\":\\d+", "\"id\":ID")
                .replaceAll("[0-9a-f]{64}", "SHA256")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "TIME")
                .replaceAll("\"X-CSRF-TOKEN\":\"[^\"]*\"", "\"X-CSRF-TOKEN\":\"TOKEN\"")
                .replaceAll("name=\"csrf-token\" value=\"[^\"]*\"", "name=\"csrf-token\" value=\"TOKEN\"");
    }
}
