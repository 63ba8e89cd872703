package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Builder organisations belong to the platform and to themselves: the operator creates one and names its
 * first administrator; its administrators add and remove its users. omar administers the organisations
 * made here, nils is a plain user of some; bruno administers acme-ai.
 */
@QuarkusTest
class BuilderOrganisationsTest {

    @Test
    void theOperatorCreatesAnOrganisationAndNamesItsFirstAdministrator() {
        String slug = Unique.name("org");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org One", "admin", "omar"))
                .post("/api/v1/builders")
                .then().statusCode(201).body("slug", equalTo(slug)).body("name", equalTo("Org One"))
                .body("users[0].username", equalTo("omar")).body("users[0].admin", equalTo(true));
        assertThat(audited("builder.create", slug)).as("audit entries of the creation").isEqualTo(1);
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Squatter", "admin", "bruno"))
                .post("/api/v1/builders").then().statusCode(409);
        as("olivia").get("/api/v1/builders").then().statusCode(200).body("slug", hasItem(slug));
        for (String notOperator : new String[] {"bruno", "nadia", "omar"}) {
            as(notOperator).contentType(ContentType.JSON).body(Map.of("slug", Unique.name("org"), "name", "X", "admin", notOperator))
                    .post("/api/v1/builders").then().statusCode(403);
        }
    }

    @Test
    void badInputIsRefusedWithWhereAndNothingIsStored() {
        String slug = Unique.name("org");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Bell\u0007Org", "admin", "omar"))
                .post("/api/v1/builders")
                .then().statusCode(422).body("errors.where", hasItem("name"));
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org"))
                .post("/api/v1/builders")
                .then().statusCode(422).body("errors.where", hasItem("admin"));
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", "Not A Slug", "name", "Org", "admin", "omar"))
                .post("/api/v1/builders")
                .then().statusCode(422).body("errors.where", hasItem("slug"));
        assertThat(OwnerSql.number("SELECT count(*) FROM builder_org WHERE slug = ?", slug)).isZero();
    }

    @Test
    void theAdministratorAddsAndRemovesUsersAndAPlainUserCannot() {
        String slug = organisation();
        as("omar").contentType(ContentType.JSON).body(Map.of("username", "nils")).post(users(slug))
                .then().statusCode(201).body("users.find { it.username == 'nils' }.admin", equalTo(false));
        assertThat(audited("builder.user.add", "nils", slug)).isEqualTo(1);

        as("nils").get(users(slug)).then().statusCode(200).body("users.username", hasItem("omar"));
        as("nils").contentType(ContentType.JSON).body(Map.of("username", "someone-" + slug)).post(users(slug))
                .then().statusCode(403).body("detail", containsString("omar"));
        as("nils").delete(users(slug) + "/omar").then().statusCode(403);

        as("omar").delete(users(slug) + "/nils").then().statusCode(204);
        assertThat(audited("builder.user.remove", "nils", slug)).isEqualTo(1);
        as("nils").get(users(slug)).then().statusCode(404);
        as("omar").delete(users(slug) + "/nils").then().statusCode(404);
        as("omar").get(users(slug)).then().statusCode(200).body("users.username", not(hasItem("nils")));
    }

    @Test
    void anotherOrganisationsUsersAreNotFound() {
        String slug = organisation();
        // bruno administers acme-ai, not this one
        as("bruno").get(users(slug)).then().statusCode(404);
        as("bruno").contentType(ContentType.JSON).body(Map.of("username", "bruno")).post(users(slug)).then().statusCode(404);
        as("bruno").delete(users(slug) + "/omar").then().statusCode(404);
        as("bruno").get("/builders/" + slug + "/users").then().statusCode(404);
        // and omar cannot reach into acme-ai, nor remove acme-ai's administrator through his own organisation
        as("omar").contentType(ContentType.JSON).body(Map.of("username", "omar")).post(users("acme-ai")).then().statusCode(404);
        as("omar").delete(users(slug) + "/bruno").then().statusCode(404);
        as("omar").get(users("no-such-organisation")).then().statusCode(404);
        // a CMO's administrator has no say at all
        as("nadia").contentType(ContentType.JSON).body(Map.of("username", "nadia")).post(users("acme-ai")).then().statusCode(403);
        as("olivia").get(users("acme-ai")).then().statusCode(200).body("users.username", not(hasItem("omar")));
    }

    @Test
    void theLastAdministratorCannotLeave() {
        String slug = organisation();
        as("omar").delete(users(slug) + "/omar").then().statusCode(409).body("detail", containsString("last administrator"));
        as("omar").contentType(ContentType.JSON).body(Map.of("username", "omar", "admin", false)).post(users(slug))
                .then().statusCode(409);
        as("olivia").delete(users(slug) + "/omar").then().statusCode(409);

        String second = "second-" + slug;
        as("omar").contentType(ContentType.JSON).body(Map.of("username", second, "admin", true)).post(users(slug))
                .then().statusCode(201);
        as("omar").delete(users(slug) + "/omar").then().statusCode(204);
        as("olivia").get(users(slug)).then().statusCode(200).body("users.size()", equalTo(1))
                .body("users[0].username", equalTo(second)).body("users[0].admin", equalTo(true));
    }

    @Test
    void theOrganisationsPageManagesItsUsers() {
        String slug = organisation();
        String page = "/builders/" + slug + "/users";
        String html = as("omar").get(page).then().statusCode(200).extract().asString();
        assertThat(html).contains("name=\"csrf-token\"", "omar");

        form("omar").formParam("username", "nils").post(page).then().statusCode(303).header("Location", containsString(page));
        assertThat(Html.text(as("omar").get(page).asString())).contains("nils");
        assertThat(as("nils").get(page).then().statusCode(200).extract().asString()).as("a plain user sees no forms")
                .doesNotContain("action=\"" + page + "/remove\"");
        form("nils").formParam("username", "omar").post(page + "/remove").then().statusCode(403);

        form("omar").formParam("username", "nils").post(page + "/remove").then().statusCode(303);
        assertThat(Html.text(as("omar").get(page).asString())).doesNotContain("nils");
        assertThat(form("omar").formParam("username", "omar").post(page + "/remove").then().statusCode(409).extract().asString())
                .contains("last administrator");
        form("omar").formParam("username", "bad\u0001name").post(page).then().statusCode(422);
    }

    @Test
    void aBuildersHomeLeadsToTheUsersOfTheOrganisationsTheyAdminister() {
        String home = as("bruno").get("/builder").then().statusCode(200).extract().asString();
        assertThat(home).contains("href=\"/builders/acme-ai/users\"");
    }

    @Test
    void theOperatorsPageCreatesAnOrganisation() {
        String slug = Unique.name("org");
        assertThat(as("olivia").get("/operator").asString()).contains("href=\"/operator/builders\"");
        form("olivia").formParam("slug", slug).formParam("name", "Paged Org").formParam("admin", "omar")
                .post("/operator/builders").then().statusCode(303);
        assertThat(Html.text(as("olivia").queryParam("q", slug).get("/operator/builders").then().statusCode(200).extract().asString()))
                .contains("Paged Org", slug);
        String refused = form("olivia").formParam("slug", Unique.name("org")).formParam("name", "Tab\tOrg").formParam("admin", "omar")
                .post("/operator/builders").then().statusCode(422).extract().asString();
        assertThat(refused).contains("name");
        as("bruno").get("/operator/builders").then().statusCode(403);
    }

    /** A fresh organisation administered by omar. */
    private static String organisation() {
        String slug = Unique.name("org");
        Organisations.ensure(slug, "Org " + slug, "omar");
        return slug;
    }

    private static String users(String slug) {
        return "/api/v1/builders/" + slug + "/users";
    }

    private static long audited(String action, String objectId) {
        return OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id IS NULL AND action = ? AND object_id = ?",
                action, objectId);
    }

    private static long audited(String action, String username, String builder) {
        return OwnerSql.number("""
                SELECT count(*) FROM audit_event WHERE tenant_id IS NULL AND action = ? AND object_id = ?
                AND coalesce(after, before) ->> 'builder' = ?""", action, username, builder);
    }

    /** A form post with the double-submit CSRF pair a browser would send. */
    private static RequestSpecification form(String who) {
        return DevTokens.page(who).contentType(ContentType.URLENC);
    }
}
