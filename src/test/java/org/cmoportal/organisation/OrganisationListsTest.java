package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The lists of organisations and of an organisation's users grow with the platform: each is read a page at a time,
 * searched as typed (htmx asks the same address for the rows alone), and the forms beside them still show their
 * refusals.
 */
@QuarkusTest
class OrganisationListsTest {

    static final int MADE = 52;

    @Test
    void builderOrganisationsComeAPageAtATimeAndAreFoundByNameOrSlug() {
        String marker = Unique.name("bol");
        for (int i = 1; i <= MADE; i++) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-o" + i,
                    "name", "Listed Builder " + marker.toUpperCase() + " %02d".formatted(i), "admin", "omar"))
                    .post("/api/v1/builders").then().statusCode(201);
        }
        String list = "/operator/builders";
        Document first = page(list, marker, null);
        assertThat(rows(first, "orgs-h")).hasSize(50);
        assertThat(rows(first, "orgs-h").get(0)).contains(marker + "-o1 ", "1 user", "omar");
        assertThat(first.select("nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 organisations");
        assertThat(first.select("nav.pager a[rel=next]").attr("href")).isEqualTo(list + "?q=" + marker + "&page=2");
        Document second = page(list, marker, "2");
        assertThat(rows(second, "orgs-h")).hasSize(2);
        assertThat(rows(second, "orgs-h").get(1)).contains(marker + "-o52");
        assertThat(rows(second, "orgs-h")).noneMatch(r -> r.contains(marker + "-o1 "));
        // by slug, and by name in another case
        assertThat(rows(page(list, marker + "-o17", null), "orgs-h")).singleElement().asString()
                .contains("Listed Builder " + marker.toUpperCase() + " 17");
        assertThat(rows(page(list, "builder " + marker + " 03", null), "orgs-h")).singleElement().asString().contains(marker + "-o3");
        assertThat(page(list, "%" + marker, null).select("#builder-rows .empty").text()).isEqualTo("No organisation matches “%" + marker + "”.");
        assertThat(page(list, marker, null).selectFirst("#builders-q").val()).isEqualTo(marker);

        String rows = fragment(list, marker + "-o4", "builder-rows");
        assertThat(rows).doesNotContain("<html").startsWith("<div id=\"builder-rows\"").contains(marker + "-o4", marker + "-o42")
                .doesNotContain(marker + "-o5<");

        // the creation form, refused, is shown again with what was typed, on the first page of the list
        String refused = form("olivia").formParam("slug", "Not A Slug").formParam("name", "Refused " + marker).formParam("admin", "omar")
                .post(list).then().statusCode(422).extract().asString();
        Document again = Jsoup.parse(refused);
        assertThat(again.select(".problems").text()).contains("slug");
        assertThat(again.select("input[name=name]").val()).isEqualTo("Refused " + marker);
        assertThat(rows(again, "orgs-h")).isNotEmpty();
        as("bruno").get(list).then().statusCode(403);
    }

    @Test
    void evaluatorsComeAPageAtATimeAndAreFoundByNameOrSlug() {
        String marker = Unique.name("evl");
        for (int i = 1; i <= MADE; i++) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-e" + i,
                    "name", "Listed Evals " + marker.toUpperCase() + " %02d".formatted(i)))
                    .post("/api/v1/evaluators").then().statusCode(201);
        }
        String list = "/operator/evaluators";
        Document first = page(list, marker, null);
        assertThat(rows(first, "ev-h")).hasSize(50);
        assertThat(first.select("nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 evaluator organisations");
        Document second = page(list, marker, "2");
        assertThat(rows(second, "ev-h")).hasSize(2);
        assertThat(rows(second, "ev-h").get(0)).contains(marker + "-e51");
        assertThat(second.select("nav.pager a[rel=prev]").attr("href")).isEqualTo(list + "?q=" + marker + "&page=1");
        assertThat(rows(page(list, "EVALS " + marker + " 09", null), "ev-h")).singleElement().asString().contains(marker + "-e9");

        String rows = fragment(list, marker + "-e2", "evaluator-rows");
        assertThat(rows).doesNotContain("<html").startsWith("<div id=\"evaluator-rows\"").contains(marker + "-e2", marker + "-e29")
                .doesNotContain(marker + "-e3<");

        // the organisation's row counts its evaluators and leads to them
        assertThat(rows(second, "ev-h").get(1)).contains("0 evaluators");
        assertThat(second.select("#evaluator-rows a[href=/operator/evaluators/" + marker + "-e52/users]")).hasSize(1);
        // an affiliation refused shows its problems on that organisation's evaluators page
        String last = marker + "-e52";
        Document refused = Jsoup.parse(form("olivia").formParam("username", " ").post(list + "/" + last + "/users")
                .then().statusCode(422).extract().asString());
        assertThat(refused.select("section[aria-labelledby=users-h] .problems").text()).contains("username");
        assertThat(refused.select("h1").text()).isEqualTo("Evaluators of Listed Evals " + marker.toUpperCase() + " 52");
        // and a refused registration shows its own problems, with what was typed
        Document registration = Jsoup.parse(form("olivia").formParam("slug", "Not A Slug").formParam("name", "Refused " + marker)
                .post(list).then().statusCode(422).extract().asString());
        assertThat(registration.select("section[aria-labelledby=new-h] .problems").text()).contains("slug");
        assertThat(registration.select("section[aria-labelledby=new-h] input[name=name]").val()).isEqualTo("Refused " + marker);
        assertThat(registration.select("#evaluator-rows .problems")).isEmpty();
    }

    @Test
    void anOrganisationsUsersComeAPageAtATimeAndAreFoundByUsername() {
        String slug = Unique.name("ulo");
        Organisations.ensure(slug, "Org " + slug, "omar");
        String marker = Unique.name("usr");
        for (int i = 1; i <= MADE; i++) {
            as("omar").contentType(ContentType.JSON).body(Map.of("username", marker + "-u%02d".formatted(i)))
                    .post("/api/v1/builders/" + slug + "/users").then().statusCode(201);
        }
        String list = "/builders/" + slug + "/users";
        // administrators first, then the users as they were added: omar, then 49 of the 52
        Document first = page(list, null, null, "omar");
        assertThat(rows(first, "users-h")).hasSize(50);
        assertThat(rows(first, "users-h").get(0)).contains("omar", "administrator");
        assertThat(first.select("nav.pager").text()).contains("Page 1 of 2", "1–50 of 53 users");
        assertThat(first.select("h1 + .muted").text()).contains("53 users");
        Document second = page(list, null, "2", "omar");
        assertThat(rows(second, "users-h")).hasSize(3);
        assertThat(rows(second, "users-h").get(0)).contains(marker + "-u50");
        assertThat(rows(second, "users-h")).noneMatch(r -> r.contains("omar"));
        // the forms are on every page's rows, for the administrator
        assertThat(second.select("#user-rows form[action=\"" + list + "/remove\"]")).hasSize(3);

        Document searched = page(list, marker + "-u1", null, "omar");
        assertThat(rows(searched, "users-h")).hasSize(10).allMatch(r -> r.contains(marker + "-u1"));
        assertThat(page(list, marker.toUpperCase() + "-U52", null, "omar").select("#user-rows tbody tr").eachText())
                .singleElement().asString().contains(marker + "-u52");
        assertThat(page(list, "nobody-" + marker, null, "omar").select("#user-rows .empty").text())
                .isEqualTo("No user matches “nobody-" + marker + "”.");

        String rows = as("omar").header("HX-Request", "true").header("HX-Target", "user-rows").queryParam("q", marker + "-u2")
                .get(list).then().statusCode(200).extract().asString().strip();
        assertThat(rows).doesNotContain("<html").startsWith("<div id=\"user-rows\"").contains(marker + "-u20", marker + "-u29")
                .doesNotContain(marker + "-u30");

        // the operator reads the same page; someone of another organisation still finds nothing
        assertThat(rows(page(list, marker + "-u3", null, "olivia"), "users-h")).hasSize(10);
        as("bruno").queryParam("q", marker).get(list).then().statusCode(404);
        as("bruno").header("HX-Request", "true").header("HX-Target", "user-rows").get(list).then().statusCode(404);

        // a refused form is shown again on the list's first page, with what was typed
        Document refused = Jsoup.parse(form("omar").formParam("username", "bad\u0001" + marker).post(list)
                .then().statusCode(422).extract().asString());
        assertThat(refused.select(".problems").text()).contains("username");
        assertThat(rows(refused, "users-h")).hasSize(50);
    }

    private static Document page(String list, String query, String page) {
        return page(list, query, page, "olivia");
    }

    private static Document page(String list, String query, String page, String who) {
        RequestSpecification request = as(who);
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        return Jsoup.parse(request.get(list).then().statusCode(200).extract().asString());
    }

    /** What htmx asks as the person types: the rows alone, from the list's own address. */
    private static String fragment(String list, String query, String target) {
        return as("olivia").header("HX-Request", "true").header("HX-Target", target).queryParam("q", query)
                .get(list).then().statusCode(200).extract().asString().strip();
    }

    private static List<String> rows(Document page, String heading) {
        return page.select("section[aria-labelledby=" + heading + "] tbody > tr").eachText();
    }

    /** A form post with the double-submit CSRF pair a browser would send. */
    private static RequestSpecification form(String who) {
        return DevTokens.page(who).contentType(ContentType.URLENC);
    }
}
