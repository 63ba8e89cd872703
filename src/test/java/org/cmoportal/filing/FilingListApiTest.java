package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /api/v1/tenants/{t}/periods/{p}/filings} (api.md): the CMO's administrators see every filing of the
 * period, superseded ones included; a builder only its own organisation's; nobody sees another CMO's. The list grows
 * with every builder: it is searched ({@code q}) and read a page at a time ({@code page}, {@code size}), the whole
 * count in {@code X-Total-Count}.
 */
@QuarkusTest
class FilingListApiTest {

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    static String list(String period) {
        return "/api/v1/tenants/newsguild/periods/" + period + "/filings";
    }

    @Test
    void theAdministratorSeesEveryFilingOfThePeriodWithItsFiguresSupersededOnesIncluded() {
        String period = IntakeFixture.openPeriod("newsguild");
        long first = FilingApiTest.post(period, FilingApiTest.EXAMPLE, FilingApiTest.USAGE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long second = FilingApiTest.post(period, FilingApiTest.EXAMPLE.replace("1250000.00", "1300000.00"), FilingApiTest.USAGE)
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long rival = FilingApiTest.rivalFiling(period);

        JsonPath all = as("nadia").get(list(period)).then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("id", Long.class)).as("newest first").containsExactly(rival, second, first);
        assertThat(all.getList("$", Map.class)).extracting(m -> m.get("builder") + " " + m.get("model") + "#" + m.get("seq") + " " + m.get("status"))
                .containsExactly("rival-ai rival-1#1 SUBMITTED", "acme-ai acme-llm-7#2 SUBMITTED", "acme-ai acme-llm-7#1 SUPERSEDED");
        // the same figures, in the same form, as GET .../filings/{id}
        Map<String, Object> one = as("nadia").get(list(period) + "/" + second).then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> listed = all.getMap("find { it.id == " + second + " }");
        assertThat(listed).isEqualTo(one);
        assertThat(listed).containsEntry("operatingProfit", "800000.00").containsEntry("tenantGross", "60000.00");
        assertThat(all.getList("find { it.id == " + second + " }.categories.category", String.class)).startsWith("news");
    }

    @Test
    void aBuilderSeesItsOwnOrganisationsFilingsOnly() {
        String period = IntakeFixture.openPeriod("newsguild");
        long own = FilingApiTest.post(period, FilingApiTest.EXAMPLE, FilingApiTest.USAGE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long rival = FilingApiTest.rivalFiling(period);
        List<Long> seen = as("bruno").get(list(period)).then().statusCode(200).extract().jsonPath().getList("id", Long.class);
        assertThat(seen).containsExactly(own).doesNotContain(rival);
        as("bruno").get(list(period)).then().body("[0].builder", equalTo("acme-ai"), "[0].pool", equalTo("225000.00"));
    }

    @Test
    void anotherTenantsPeriodIsNotFoundAndAMemberIsNotAllowed() {
        String period = IntakeFixture.openPeriod("codebooks");
        FilingApiTest.post("codebooks", period, FilingApiTest.EXAMPLE,
                "category,member_ref,units\ncode,carol,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), null).then().statusCode(201);
        // nadia administers newsguild, not codebooks: its filings are not there for her
        as("nadia").get("/api/v1/tenants/codebooks/periods/" + period + "/filings").then().statusCode(404);
        as("nadia").get(list("no-such-period")).then().statusCode(404);
        as("alice").get(list(IntakeFixture.openPeriod("newsguild"))).then().statusCode(403);
    }

    @Test
    void thePeriodsFilingsArePagedAndSearched() {
        String period = IntakeFixture.openPeriod("newsguild");
        long first = FilingApiTest.post(period, FilingApiTest.EXAMPLE, FilingApiTest.USAGE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long second = FilingApiTest.post(period, FilingApiTest.EXAMPLE.replace("1250000.00", "1300000.00"), FilingApiTest.USAGE)
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long rival = FilingApiTest.rivalFiling(period);

        ApiPaging<Long> nadias = filings("nadia", period);
        nadias.assertPaged(rival, second, first);
        // by the builder organisation's name (another case) or slug, by the model
        nadias.assertFinds("RIVAL AI", rival);
        nadias.assertFinds("acme-ai", second, first);
        nadias.assertFinds("llm-7", second, first);
        nadias.assertFinds("nothing-like-it");

        // a builder pages through its own organisation's only, and finds nothing of another's
        ApiPaging<Long> brunos = filings("bruno", period);
        brunos.assertPaged(second, first);
        brunos.assertFinds("rival");

        // as before: a member is not allowed, a period of another CMO or none at all is not found
        as("alice").queryParam("page", 2).get(list(period)).then().statusCode(403);
        as("nadia").queryParam("q", "acme").get(list("no-such-period")).then().statusCode(404);
    }

    private static ApiPaging<Long> filings(String who, String period) {
        return ApiPaging.of(() -> as(who), list(period), "id", Long.class);
    }
}
