package org.cmoportal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A refused form shows its page again through {@link ReshowOnRefusal}: the page that holds the form, whichever
 * feature the POST went to, with the refusal's status, the problems and what was typed; not found stays an error page.
 */
@QuarkusTest
class RefusedFormsTest {

    @Test
    void aFormIsShownAgainOnItsOwnPageWithTheProblemAndWhatWasTyped() {
        String typed = "not a label!";
        Response refused = form("nadia").formParam("label", typed).post("/t/newsguild/admin/periods");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("text/html");
        Document page = Jsoup.parse(refused.asString());
        assertThat(page.select("form[action$=/admin/periods] input[name=label]").attr("value")).isEqualTo(typed);
        assertThat(page.select(".problems").text()).contains("label: Use 1 to 32 letters");
        // the rest of the periods page is there too: its list, not only the form
        assertThat(page.select("h1").text()).isEqualTo("Periods");
        assertThat(page.select("section[aria-labelledby=periods-h] table")).isNotEmpty();
    }

    @Test
    void aConflictIsShownOnTheSamePageWithItsOwnStatus() {
        String label = Unique.name("twice");
        form("nadia").formParam("label", label).post("/t/newsguild/admin/periods").then().statusCode(303);

        Response again = form("nadia").formParam("label", label).post("/t/newsguild/admin/periods");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Html.inputValue(again.asString(), "label")).contains(label);
        assertThat(Jsoup.parse(again.asString()).select(".problems").text()).contains("already exists");
    }

    @Test
    void aRefusedActionOnThePeriodBoardShowsTheBoardWithWhatToDo() {
        String label = Unique.name("board");
        form("nadia").formParam("label", label).post("/t/newsguild/admin/periods").then().statusCode(303);

        Response refused = form("nadia").post("/t/newsguild/admin/periods/" + label + "/calculate");

        assertThat(refused.statusCode()).isEqualTo(409);
        String problems = Jsoup.parse(refused.asString()).select(".problems").text();
        assertThat(problems).contains("period: The period " + label + " is OPEN");
    }

    @Test
    void notFoundStaysAnErrorPage() {
        Response missing = form("nadia").post("/t/newsguild/admin/periods/" + Unique.name("none") + "/close");

        assertThat(missing.statusCode()).isEqualTo(404);
        Document page = Jsoup.parse(missing.asString());
        assertThat(page.text()).contains("was not found").doesNotContain("Nothing was saved");
    }

    /** A form POST as a signed-in browser sends it, with the double-submit CSRF pair. */
    private static RequestSpecification form(String who) {
        String csrf = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("refused-csrf-tok".getBytes());
        return given().auth().oauth2(DevTokens.of(who)).redirects().follow(false).cookie("csrf-token", csrf)
                .header("X-CSRF-TOKEN", csrf).contentType(ContentType.URLENC);
    }
}
