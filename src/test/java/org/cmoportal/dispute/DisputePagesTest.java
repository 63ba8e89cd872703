package org.cmoportal.dispute;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.web.Formats;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The pages of a dispute: "Dispute" beside each line of the member's statement (its form swapped in under the line),
 * the member's disputes with the answer, the administrators' queue, the answer form, and the approval the proposer
 * cannot give.
 */
@QuarkusTest
class DisputePagesTest {

    @Test
    void aDisputeFromTheStatementPageToTheApproval() {
        DisputeWorld world = DisputeWorld.create();
        world.distribute("2027-Q1");
        world.openPeriod("2027-Q2");
        long line = world.line("alice", "2027-Q1", "news")[0];

        // the statement page offers "Dispute" beside the line, and swaps the form in under it
        Document statement = Jsoup.parse(statementPage(world, "alice", "2027-Q1"));
        Element dispute = statement.selectFirst("#line-" + line + " a.dispute");
        assertThat(dispute).isNotNull();
        assertThat(dispute.attr("hx-get")).isEqualTo("/t/" + world.tenant + "/disputes/new?line=" + line);
        assertThat(dispute.attr("aria-controls")).isEqualTo("trail-" + line);
        String fragment = DevTokens.as("alice").header("HX-Request", "true").header("HX-Target", "trail-" + line)
                .get(dispute.attr("href")).then().statusCode(200).extract().asString();
        assertThat(fragment).doesNotContain("<html").contains("name=\"message\"").contains("name=\"statementLineId\"")
                .contains("csrf-token");
        Document form = Jsoup.parse(DevTokens.as("alice").get(dispute.attr("href")).then().statusCode(200).extract().asString());
        assertThat(form.select("label[for=dispute-message-" + line + "]")).hasSize(1);
        // another member's line: not found
        DevTokens.as("bob").get(dispute.attr("href")).then().statusCode(404);
        // the window's last day (distributed today, 270 days), in the viewer's language: "28 Aug 2027" for en-GB,
        // "28.08.2027" for de, with the ISO day for machines
        LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).plusDays(
                OwnerSql.number("SELECT dispute_window_days FROM tenant WHERE id = ?", world.tenant));
        for (String language : LANGUAGES) {
            assertDays(page("alice", dispute.attr("href"), language).select("#dispute-help-" + line + " time"), lastDay, language);
        }

        // an empty message is refused on the form's page, nothing stored
        Response refused = form("alice").formParam("statementLineId", line).formParam("message", " ")
                .post("/t/" + world.tenant + "/disputes");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.text(refused.asString())).contains("message").contains("Say what is wrong with the line");

        Response sent = form("alice").formParam("statementLineId", line).formParam("message", "Archive usage missing.")
                .post("/t/" + world.tenant + "/disputes");
        assertThat(sent.statusCode()).isEqualTo(303);
        String mine = Html.text(DevTokens.as("alice").get(sent.header("Location")).then().statusCode(200).extract().asString());
        assertThat(mine).contains("Your dispute is sent").contains("Archive usage missing.").contains("waiting for an answer");
        long id = OwnerSql.number("SELECT id FROM dispute WHERE tenant_id = ? AND statement_line_id = ?", world.tenant, line);
        // the day it was opened, in the viewer's language on her list and on the administrators' queue
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String language : LANGUAGES) {
            assertDays(page("alice", "/t/" + world.tenant + "/disputes", language).select("td time"), today, language);
            assertDays(page("nadia", "/t/" + world.tenant + "/admin/disputes", language).select("td time"), today, language);
        }

        // the administrators' queue shows the line, the member and the message; the home links to it, and lists the
        // dispute first among what needs doing now
        Document home = Jsoup.parse(DevTokens.as("nadia").get("/t/" + world.tenant + "/admin").then().statusCode(200)
                .extract().asString());
        assertThat(home.html()).contains("/t/" + world.tenant + "/admin/disputes");
        Element toDo = home.selectFirst("#to-do a:contains(dispute)");
        assertThat(toDo.text()).isEqualTo("1 dispute to answer or approve");
        assertThat(toDo.attr("href")).isEqualTo("/t/" + world.tenant + "/admin/disputes");
        String queue = Html.text(DevTokens.as("nadia").get("/t/" + world.tenant + "/admin/disputes").then().statusCode(200)
                .extract().asString());
        assertThat(queue).contains("Alice Disputes").contains("Archive usage missing.").contains("disp-model");

        // nadia proposes; the refusal of a bad amount shows her form again
        Response bad = form("nadia").formParam("adjustment", "twelve").formParam("reason", "x")
                .post("/t/" + world.tenant + "/admin/disputes/" + id + "/resolve");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Jsoup.parse(bad.asString()).selectFirst("input[name=adjustment]").attr("value")).isEqualTo("twelve");
        form("nadia").formParam("adjustment", "5.00").formParam("reason", "Usage confirmed by the builder.")
                .post("/t/" + world.tenant + "/admin/disputes/" + id + "/resolve").then().statusCode(303);

        // the proposer sees the approval disabled, with why; another administrator approves
        Document proposerView = Jsoup.parse(DevTokens.as("nadia").get("/t/" + world.tenant + "/admin/disputes/" + id)
                .then().statusCode(200).extract().asString());
        Element approve = proposerView.selectFirst("form[action$=/approve] button");
        assertThat(approve.hasAttr("disabled")).isTrue();
        assertThat(proposerView.text()).contains("You proposed this adjustment");
        form("nadia").post("/t/" + world.tenant + "/admin/disputes/" + id + "/approve").then().statusCode(409);
        Document checker = Jsoup.parse(DevTokens.as("noah").get("/t/" + world.tenant + "/admin/disputes/" + id)
                .then().statusCode(200).extract().asString());
        assertThat(checker.selectFirst("form[action$=/approve] button").hasAttr("disabled")).isFalse();
        form("noah").post("/t/" + world.tenant + "/admin/disputes/" + id + "/approve").then().statusCode(303);
        assertThat(Jsoup.parse(DevTokens.as("noah").get("/t/" + world.tenant + "/admin").then().statusCode(200).extract().asString())
                .select("#to-do").text()).doesNotContain("dispute");

        String after = Html.text(DevTokens.as("alice").get("/t/" + world.tenant + "/disputes").then().statusCode(200)
                .extract().asString());
        assertThat(after).contains("adjusted").contains("Usage confirmed by the builder.").contains("5.00").contains("2027-Q2");
        // opened and approved today, both days in the viewer's language; so on the administrators' page of the dispute
        for (String language : LANGUAGES) {
            Elements days = page("alice", "/t/" + world.tenant + "/disputes", language).select("td time");
            assertThat(days).hasSize(2);
            assertDays(days, today, language);
            assertDays(page("noah", "/t/" + world.tenant + "/admin/disputes/" + id, language).select("main time"), today, language);
        }
        String closed = Html.text(DevTokens.as("noah").get("/t/" + world.tenant + "/admin/disputes?show=closed").then()
                .statusCode(200).extract().asString());
        assertThat(closed).contains("APPROVED");
        // the member's home links to her disputes
        assertThat(DevTokens.as("alice").queryParam("cmosQ", world.tenant).get("/member").then().statusCode(200).extract().asString())
                .contains("/t/" + world.tenant + "/disputes");
    }

    /** The page as a browser asking for {@code language} ({@code Accept-Language}) reads it. */
    static Document page(String user, String path, String language) {
        return Jsoup.parse(DevTokens.as(user).header("Accept-Language", language).get(path).then().statusCode(200).extract().asString());
    }

    /** British English and German write a day differently ("4 Mar 2027", "04.03.2027"): a page ignoring the language fails one. */
    static final String[] LANGUAGES = {"en-GB", "de"};

    /** Each of {@code times} holds {@code day} as a reader of {@code language} writes it, with the ISO day for machines. */
    static void assertDays(Elements times, LocalDate day, String language) {
        Locale locale = Locale.forLanguageTag(language);
        assertThat(Formats.date(day, Locale.UK)).isNotEqualTo(Formats.date(day, Locale.GERMAN));
        assertThat(times).isNotEmpty();
        for (Element time : times) {
            assertThat(time.attr("datetime")).isEqualTo(day.toString());
            assertThat(time.text()).isEqualTo(Formats.date(day, locale));
        }
    }

    /** The member's statement page of a period. */
    static String statementPage(DisputeWorld world, String member, String period) {
        long statement = OwnerSql.number("""
                SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id
                 WHERE s.tenant_id = ? AND s.member_ref = ? AND p.label = ?""", world.tenant, member, period);
        return DevTokens.as(member).get("/t/" + world.tenant + "/statements/" + statement).then().statusCode(200).extract().asString();
    }

    private static RequestSpecification form(String who) {
        return given().auth().oauth2(DevTokens.of(who)).redirects().follow(false).cookie("csrf-token", DevTokens.CSRF)
                .header("X-CSRF-TOKEN", DevTokens.CSRF).contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF);
    }
}
