package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;
import static org.cmoportal.testsupport.DevTokens.page;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A CMO licenses builder organisations that exist and never changes who belongs to them (security
 * review, finding 1: an administrator of one CMO could put anyone into a builder licensed by another).
 */
@QuarkusTest
class LicenceApiTest {

    static final String FILING = """
            {"model": "%s", "period": "%s", "currency": "USD", "revenue": "1000.00", "servingCost": "100.00",
             "postTrainingCost": "100.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "0.5", "other": "0.5"}}""";

    @Test
    void aCmoAdministratorCannotPutAUserIntoABuilderLicensedByAnotherCmo() {
        String period = Unique.name("lic");
        as("nadia").contentType(ContentType.JSON).body(Map.of("label", period))
                .post("/api/v1/tenants/newsguild/periods").then().statusCode(201);
        long brunos = file("bruno", period, "acme-licence-model").then().statusCode(201).extract().jsonPath().getLong("id");

        // cora administers codebooks only, which licenses acme-ai too
        as("cora").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "usernames", List.of("rita")))
                .post("/api/v1/tenants/codebooks/licences")
                .then().statusCode(422).contentType(containsString("application/problem+json"))
                .body("errors[0].where", equalTo("usernames"))
                .body("errors[0].message", containsString("administrators"));
        // an empty list is still the old meaning: refused, so that no client believes it set the users
        as("cora").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "usernames", List.of()))
                .post("/api/v1/tenants/codebooks/licences").then().statusCode(422).body("errors[0].where", equalTo("usernames"));

        assertThat(OwnerSql.number("""
                SELECT count(*) FROM affiliation a JOIN app_user u ON u.id = a.user_id JOIN builder_org b ON b.id = a.builder_id
                WHERE u.username = 'rita' AND b.slug = 'acme-ai'""")).as("rita's affiliations with acme-ai").isZero();
        Organisations.ensure("rival-ai", "Rival AI", "rita");
        Organisations.license("nadia", "newsguild", "rival-ai");
        String filings = "/api/v1/tenants/newsguild/periods/" + period + "/filings";
        as("rita").get(filings + "/" + brunos).then().statusCode(404);
        as("rita").get(filings).then().statusCode(200).body("id", not(hasItem((int) brunos)));
        // rita files the same model for her own organisation: bruno's filing is not superseded
        file("rita", period, "acme-licence-model").then().statusCode(201).body("builder", equalTo("rival-ai"));
        as("bruno").get(filings + "/" + brunos).then().statusCode(200).body("status", equalTo("SUBMITTED"));
    }

    @Test
    void anUnknownOrganisationIsRefusedNotCreated() {
        String slug = Unique.name("nobody");
        as("nadia").contentType(ContentType.JSON).body(Map.of("builder", slug))
                .post("/api/v1/tenants/newsguild/licences")
                .then().statusCode(422).body("errors[0].where", equalTo("builder"))
                .body("errors[0].message", containsString("operator"));
        assertThat(OwnerSql.number("SELECT count(*) FROM builder_org WHERE slug = ?", slug)).as("organisations created").isZero();
    }

    @Test
    void aLicenceNamesAnExistingOrganisationAndIsAudited() {
        String slug = Unique.name("lic-org");
        Organisations.ensure(slug, "Licensed Org", "omar");
        as("nadia").contentType(ContentType.JSON).body(Map.of("builder", slug))
                .post("/api/v1/tenants/newsguild/licences")
                .then().statusCode(201).body("builderSlug", equalTo(slug)).body("builderName", equalTo("Licensed Org"));
        as("nadia").get("/api/v1/tenants/newsguild/licences").then().statusCode(200).body("builderSlug", hasItem(slug));
        assertThat(OwnerSql.number("""
                SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild' AND action = 'licence.grant' AND object_id = ?""", slug))
                .as("audit entries of the grant").isEqualTo(1);
        // the licence changed nobody's affiliation: the organisation still has its administrator alone
        assertThat(OwnerSql.number("""
                SELECT count(*) FROM affiliation a JOIN builder_org b ON b.id = a.builder_id WHERE b.slug = ?""", slug)).isEqualTo(1);
    }

    @Test
    void theAdministratorsFormTakesOnlyTheSlug() {
        String slug = Unique.name("form-org");
        Organisations.ensure(slug, "Form Org", "omar");
        String home = as("nadia").get("/t/newsguild/admin/licences").then().statusCode(200).extract().asString();
        assertThat(home).contains("name=\"builder\"").doesNotContain("name=\"usernames\"");
        page("nadia").contentType(ContentType.URLENC).formParam("builder", slug).post("/t/newsguild/admin/licences")
                .then().statusCode(303);
        as("nadia").get("/api/v1/tenants/newsguild/licences").then().body("builderSlug", hasItem(slug));
        String unknown = Unique.name("nobody");
        String refused = page("nadia").contentType(ContentType.URLENC).formParam("builder", unknown)
                .post("/t/newsguild/admin/licences").then().statusCode(422).extract().asString();
        assertThat(refused).contains("operator");
        assertThat(OwnerSql.number("SELECT count(*) FROM builder_org WHERE slug = ?", unknown)).isZero();
    }

    private static Response file(String who, String period, String model) {
        return Filings.post(who, "newsguild", period, FILING.formatted(model, period),
                "category,member_ref,units\nnews,alice,3\n".getBytes(StandardCharsets.UTF_8), null, null);
    }
}
