package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;

/**
 * A person in several organisations licensed with the same CMO says which one a filing is for (never "the
 * lowest id"); reads need no choice. tess belongs to two organisations, both licensed with newsguild.
 */
@QuarkusTest
class FilerChoiceTest {

    static final String FIRST = "tess-one";
    static final String SECOND = "tess-two";

    private static boolean ready;

    /** Through the API, so once the application listens (a static @BeforeAll runs before RestAssured knows the port). */
    @BeforeEach
    void organisations() {
        if (ready) {
            return;
        }
        IntakeFixture.ensure();
        Organisations.ensure(FIRST, "Tess One Labs", "tess");
        Organisations.ensure(SECOND, "Tess Two Labs", "tess");
        Organisations.license("nadia", "newsguild", FIRST);
        Organisations.license("nadia", "newsguild", SECOND);
        ready = true;
    }

    @Test
    void withoutANameTheFilingIsRefusedListingTheOrganisations() {
        String period = IntakeFixture.openPeriod("newsguild");
        file("tess", period, null).then().statusCode(422)
                .body("errors.where", hasItem("builder"))
                .body("errors.find { it.where == 'builder' }.message", allOf(containsString(FIRST), containsString(SECOND)));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void theNamedOrganisationFilesAndEveryOrganisationsFilingsCanBeRead() {
        String period = IntakeFixture.openPeriod("newsguild");
        long second = file("tess", period, SECOND).then().statusCode(201).body("builder", equalTo(SECOND))
                .extract().jsonPath().getLong("id");
        assertThat(OwnerSql.number("SELECT count(*) FROM filing f JOIN builder_org b ON b.id = f.builder_id WHERE f.id = ? AND b.slug = ?",
                second, SECOND)).as("the filing's organisation is the named one").isEqualTo(1);
        long first = file("tess", period, FIRST).then().statusCode(201).body("builder", equalTo(FIRST))
                .extract().jsonPath().getLong("id");
        // the same model for two organisations: two filings, neither supersedes the other
        String filings = "/api/v1/tenants/newsguild/periods/" + period + "/filings";
        as("tess").get(filings).then().statusCode(200).body("id", allOf(hasItem((int) first), hasItem((int) second)))
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("SUBMITTED")));
        as("tess").get(filings + "/" + second).then().statusCode(200);
        as("bruno").get(filings + "/" + second).then().statusCode(404);
    }

    @Test
    void anOrganisationThatIsNotTheCallersIsNotFound() {
        String period = IntakeFixture.openPeriod("newsguild");
        file("tess", period, "acme-ai").then().statusCode(404);
        file("bruno", period, SECOND).then().statusCode(404);
        file("bruno", period, "no-such-org").then().statusCode(404);
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
        // one licensed organisation needs no name, and may be named
        file("bruno", period, null).then().statusCode(201).body("builder", equalTo("acme-ai"));
        file("bruno", period, "acme-ai").then().statusCode(201).body("builder", equalTo("acme-ai"));
    }

    @Test
    void theFilingPageOffersTheChoiceOnlyToSomeoneWithSeveralOrganisations() {
        String period = IntakeFixture.openPeriod("newsguild");
        String base = "/t/newsguild/periods/" + period + "/filings";
        String form = as("tess").get(base + "/new").then().statusCode(200).extract().asString();
        assertThat(selects(form)).as("a choice in the form and one in the file upload").isEqualTo(2);
        assertThat(Html.text(form)).contains("Tess One Labs", "Tess Two Labs");
        assertThat(selects(as("bruno").get(base + "/new").then().statusCode(200).extract().asString())).isZero();

        // submitted without a choice: the form comes back with the problem at builder
        String refused = page("tess", base, null, period).then().statusCode(422).extract().asString();
        assertThat(Html.text(refused)).contains("builder", "Tess One Labs");
        Response stored = page("tess", base, SECOND, period);
        assertThat(stored.statusCode()).as(() -> problems(stored.asString())).isEqualTo(303);
        long id = Long.parseLong(stored.header("Location").replaceAll(".*/", ""));
        as("tess").get("/api/v1/tenants/newsguild/periods/" + period + "/filings/" + id).then().body("builder", equalTo(SECOND));

        // the builder's home lists the CMO once, licensed to both organisations
        String home = Html.text(as("tess").get("/builder").then().statusCode(200).extract().asString());
        assertThat(home.split("<h2[^>]*>Press & News Guild</h2>", -1)).as("sections for newsguild").hasSize(2);
        assertThat(home).contains("Tess One Labs", "Tess Two Labs");
    }

    /** The problems a refused form shows, for the failure message. */
    private static String problems(String html) {
        Matcher m = Pattern.compile("<ul class=\"problems\">(.*?)</ul>", Pattern.DOTALL).matcher(html);
        return m.find() ? Html.text(m.group(1)) : "";
    }

    private static int selects(String html) {
        Matcher m = Pattern.compile("<select[^>]*name=\"builder\"").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Response file(String who, String period, String builder) {
        return Filings.post(who, "newsguild", period, FilingApiTest.EXAMPLE, FilingApiTest.USAGE.getBytes(StandardCharsets.UTF_8), null,
                builder);
    }

    /** The filing form as a browser posts it, with the CSRF pair and the organisation chosen (or not). */
    private static Response page(String who, String base, String builder, String period) {
        RequestSpecification r = DevTokens.page(who)
                .multiPart(field("model", "choice-model")).multiPart(field("revenue", "1000.00"))
                .multiPart(field("servingCost", "100.00")).multiPart(field("postTrainingCost", "100.00"))
                .multiPart(field("dataValueShare", "0.30")).multiPart(field("currency", "USD"))
                .multiPart(field("weightCategory", "news")).multiPart(field("weightValue", "1"))
                .multiPart(field("idempotencyKey", Unique.name("k")))
                .multiPart("usage", "usage.csv", "category,member_ref,units\nnews,alice,1\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        if (builder != null) {
            r = r.multiPart(field("builder", builder));
        }
        return r.post(base);
    }

    /**
     * A form field as a browser sends it: no file name. RestAssured would label it text/plain, which the portal
     * takes for a file (quarkus.http.body.multipart.file-content-types), so it gets a type of its own.
     */
    private static MultiPartSpecification field(String name, String value) {
        return new MultiPartSpecBuilder(value).controlName(name).mimeType("text/x-form-field").charset(StandardCharsets.UTF_8).build();
    }

}
