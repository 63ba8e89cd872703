package org.cmoportal.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * An evaluator organisation's evaluators grow without bound: the operator's list counts them and links to their own
 * page, which reads them a page at a time, searched by username as typed (htmx asks the same address for the rows
 * alone), shows no other organisation's, and holds the form that affiliates another.
 */
@QuarkusTest
class EvaluatorUsersPageTest {

    static final int MADE = 52;

    @Test
    void anEvaluatorsUsersComeAPageAtATimeAndAreFoundByUsername() {
        String slug = Unique.name("eup");
        String other = Unique.name("eux");
        create(slug, "Paged Evals " + slug);
        create(other, "Other Evals " + other);
        String marker = Unique.name("ev");
        for (int i = 1; i <= MADE; i++) {
            affiliate(slug, marker + "-u%02d".formatted(i));
        }
        String stranger = marker + "-x01";
        affiliate(other, stranger);

        // the list counts them and links to them, naming none
        Document list = page("/operator/evaluators", slug, null);
        assertThat(list.select("#evaluator-rows tbody tr").eachText()).singleElement().asString().contains("52 evaluators")
                .doesNotContain(marker + "-u01");
        String users = list.select("#evaluator-rows tbody a").attr("href");
        assertThat(users).isEqualTo("/operator/evaluators/" + slug + "/users");

        Document first = page(users, null, null);
        assertThat(first.select("h1").text()).isEqualTo("Evaluators of Paged Evals " + slug);
        assertThat(first.select("h1 + .muted").text()).contains("52 evaluators");
        assertThat(rows(first)).hasSize(50).first().isEqualTo(marker + "-u01");
        assertThat(first.select("nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 evaluators");
        assertThat(first.select("nav.pager a[rel=next]").attr("href")).isEqualTo(users + "?page=2");
        Document second = page(users, null, "2");
        assertThat(rows(second)).containsExactly(marker + "-u51", marker + "-u52");

        // another organisation's evaluator is on no page of this one's, even searched for
        List<String> everyone = new ArrayList<>(rows(first));
        everyone.addAll(rows(second));
        assertThat(everyone).hasSize(MADE).doesNotContain(stranger);
        assertThat(page(users, stranger, null).select("#user-rows .empty").text()).isEqualTo("No evaluator matches “" + stranger + "”.");
        assertThat(rows(page("/operator/evaluators/" + other + "/users", marker, null))).containsExactly(stranger);

        // searched as typed, in any case, and the pages' links keep the search
        Document searched = page(users, marker.toUpperCase() + "-U1", null);
        assertThat(rows(searched)).hasSize(10).allMatch(u -> u.startsWith(marker + "-u1"));
        assertThat(searched.selectFirst("#users-q").val()).isEqualTo(marker.toUpperCase() + "-U1");
        assertThat(page(users, marker, "2").select("nav.pager a[rel=prev]").attr("href")).isEqualTo(users + "?q=" + marker + "&page=1");
        String fragment = as("olivia").header("HX-Request", "true").header("HX-Target", "user-rows").queryParam("q", marker + "-u4")
                .get(users).then().statusCode(200).extract().asString().strip();
        assertThat(fragment).doesNotContain("<html").startsWith("<div id=\"user-rows\"").contains(marker + "-u40", marker + "-u49")
                .doesNotContain(marker + "-u39");

        // the affiliation form is on the page: an evaluator added is found there, a refusal is shown there with what was typed
        String added = marker + "-new";
        String location = form().formParam("username", added).post(users).then().statusCode(303).extract().header("Location");
        assertThat(location).endsWith(users + "?notice=affiliated");
        Document after = page(users, added, null);
        assertThat(rows(after)).containsExactly(added);
        assertThat(page(users, null, null).select("h1 + .muted").text()).contains("53 evaluators");
        Document refused = Jsoup.parse(form().formParam("username", "  ").post(users).then().statusCode(422).extract().asString());
        assertThat(refused.select("section[aria-labelledby=users-h] .problems").text()).contains("username");
        assertThat(rows(refused)).hasSize(50);
        assertThat(refused.select("h1").text()).isEqualTo("Evaluators of Paged Evals " + slug);
    }

    @Test
    void anUnknownEvaluatorHasNoUsersPageAndOnlyTheOperatorReadsOne() {
        String unknown = Unique.name("none");
        as("olivia").get("/operator/evaluators/" + unknown + "/users").then().statusCode(404);
        as("olivia").header("HX-Request", "true").header("HX-Target", "user-rows").get("/operator/evaluators/" + unknown + "/users")
                .then().statusCode(404);
        form().formParam("username", Unique.name("nobody")).post("/operator/evaluators/" + unknown + "/users").then().statusCode(404);

        String slug = Unique.name("eur");
        create(slug, "Private Evals " + slug);
        for (String other : List.of("eva", "nadia", "bruno", "alice")) {
            as(other).get("/operator/evaluators/" + slug + "/users").then().statusCode(403);
        }
    }

    private static void create(String slug, String name) {
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name)).post("/api/v1/evaluators")
                .then().statusCode(201);
    }

    private static void affiliate(String slug, String username) {
        as("olivia").contentType(ContentType.JSON).body(Map.of("username", username))
                .post("/api/v1/evaluators/" + slug + "/users").then().statusCode(201);
    }

    private static Document page(String address, String query, String page) {
        RequestSpecification request = as("olivia");
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        return Jsoup.parse(request.get(address).then().statusCode(200).extract().asString());
    }

    private static List<String> rows(Document page) {
        return page.select("#user-rows tbody > tr").eachText();
    }

    /** A form post with the double-submit CSRF pair a browser would send. */
    private static RequestSpecification form() {
        return DevTokens.page("olivia").contentType(ContentType.URLENC);
    }
}
