package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The administrator's home and the pages it sends to: members, licences and periods each on their own page, a page
 * at a time and searchable, with their forms; the home keeps what needs doing and a short overview.
 */
@QuarkusTest
class AdminPagesTest {

    static final int MEMBERS = 120;
    static final int PERIODS = 61;
    static final String ODD_NAME = "Per%cent_50 <b>Odd</b> \\ Member";
    static String tenant;

    @BeforeEach
    void world() {
        synchronized (AdminPagesTest.class) {
            if (tenant != null) {
                return;
            }
            // after "newsguild" in code point order, so that nadia's first CMO stays the demo's
            String slug = Unique.name("zz-pages");
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Pages Guild " + slug,
                    "currency", "USD", "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                    "categories", List.of(Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"))))
                    .post("/api/v1/tenants").then().statusCode(201);
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                    .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
            StringBuilder csv = new StringBuilder("ref,name,username\n");
            for (int i = 1; i <= MEMBERS; i++) {
                csv.append("m%03d,Member %03d,\n".formatted(i, i));
            }
            csv.append("odd-1,\"").append(ODD_NAME).append("\",\n");
            DevTokens.as("nadia").contentType("text/csv").body(csv.toString().getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/tenants/" + slug + "/members").then().statusCode(200);
            for (int i = 1; i <= PERIODS; i++) {
                DevTokens.as("nadia").contentType(ContentType.JSON).body(Map.of("label", "P-%03d".formatted(i)))
                        .post("/api/v1/tenants/" + slug + "/periods").then().statusCode(201);
            }
            Organisations.ensure("acme-ai", "Acme AI", "bruno");
            Organisations.license("nadia", slug, "acme-ai");
            tenant = slug;
        }
    }

    private static Document page(String who, String path) {
        return Jsoup.parse(DevTokens.as(who).get(path).then().statusCode(200).extract().asString());
    }

    private static String admin(String rest) {
        return "/t/" + tenant + "/admin" + rest;
    }

    @Test
    void theHomeLeadsWithWhatNeedsDoingAndSendsEverythingElseToItsPage() {
        Document home = page("nadia", admin(""));
        assertThat(home.select("main h2").first().text()).isEqualTo("Needs doing now");
        // no form is stacked on the home any more: each lives on its own page
        assertThat(home.select("main form")).isEmpty();
        assertThat(home.select("main input")).isEmpty();
        assertThat(home.select("section[aria-labelledby=periods-h] tbody tr")).hasSize(AdminHome.LATEST_PERIODS);
        assertThat(home.select("section[aria-labelledby=periods-h] tbody tr").first().text()).contains("P-061");
        assertThat(home.select("main a").eachAttr("href")).contains(admin("/periods"), admin("/members"), admin("/licences"),
                admin("/settings"), admin("/payment-runs"), admin("/audit"));
        // the many links in three named groups, each a list
        assertThat(home.select("nav.link-group h2").eachText()).containsExactly("Money", "Members", "Settings");
        assertThat(home.select("nav.link-group li").size()).isGreaterThanOrEqualTo(11);
        // the site's navigation reaches the same pages from anywhere in the CMO
        assertThat(home.select("header nav a").eachAttr("href")).contains(admin("/periods"), admin("/members"), admin("/licences"));
        assertThat(home.select(".page-head .muted").text()).contains("administration fee 10%", "20% to 50%")
                .doesNotContain("0.1", "0.2");
        assertThat(home.select(".stat").text()).contains(String.valueOf(MEMBERS + 1), String.valueOf(PERIODS));
    }

    @Test
    void membersComeAPageAtATimeAndAPageBeyondTheLastShowsTheLast() {
        Document first = page("nadia", admin("/members"));
        assertThat(first.select("#member-rows tbody tr")).hasSize(50);
        assertThat(first.select("#member-rows tbody tr").first().text()).contains("m001");
        Element pager = first.selectFirst("nav.pager");
        assertThat(pager.text()).contains("1–50 of 121 members", "Page 1 of 3");
        assertThat(pager.select("a[rel=next]").attr("href")).isEqualTo(admin("/members") + "?page=2");
        assertThat(pager.select("a[rel=prev]")).isEmpty();

        Document beyond = page("nadia", admin("/members") + "?page=99");
        assertThat(beyond.select("#member-rows tbody tr")).hasSize(MEMBERS + 1 - 100);
        assertThat(beyond.selectFirst("nav.pager").text()).contains("101–121 of 121", "Page 3 of 3");
        assertThat(beyond.select("nav.pager a[rel=next]")).isEmpty();
        assertThat(beyond.select("nav.pager a[rel=prev]").attr("href")).isEqualTo(admin("/members") + "?page=2");

        // what is not a page number is the first page, not an error
        assertThat(page("nadia", admin("/members") + "?page=-3").select("#member-rows tbody tr").first().text()).contains("m001");
        assertThat(page("nadia", admin("/members") + "?page=two").select("#member-rows tbody tr").first().text()).contains("m001");
    }

    @Test
    void aMemberSearchNarrowsKeepsItsWordsInThePagesLinksAndTakesWildcardsLiterally() {
        Document found = page("nadia", admin("/members") + "?q=member 00");
        assertThat(found.select("#member-rows tbody tr")).hasSize(9);
        assertThat(found.selectFirst("#members-q").val()).isEqualTo("member 00");
        assertThat(found.select("nav.pager")).isEmpty();

        Document many = page("nadia", admin("/members") + "?q=Member");
        assertThat(many.select("nav.pager a[rel=next]").attr("href")).isEqualTo(admin("/members") + "?q=Member&page=2");

        Document none = page("nadia", admin("/members") + "?q=nobody-here");
        assertThat(none.select("#member-rows tbody tr")).isEmpty();
        assertThat(none.select("#member-rows .empty").text()).isEqualTo("No member matches “nobody-here”.");

        // %, _ and \ are what was typed, not patterns: each finds the one name holding it
        for (String typed : List.of("%", "_", "<b>", "Per%cent_50", "\\")) {
            Response r = DevTokens.as("nadia").urlEncodingEnabled(false)
                    .get(admin("/members") + "?q=" + java.net.URLEncoder.encode(typed, StandardCharsets.UTF_8));
            r.then().statusCode(200);
            Document d = Jsoup.parse(r.asString());
            assertThat(d.select("#member-rows tbody tr")).as(typed).hasSize(1);
            assertThat(d.select("#member-rows tbody tr").text()).as(typed).contains("odd-1", ODD_NAME);
            // the name is text on the page, never markup
            assertThat(d.select("#member-rows tbody b")).as(typed).isEmpty();
            assertThat(d.selectFirst("#members-q").val()).isEqualTo(typed);
        }
    }

    @Test
    void typingInTheSearchAnswersTheRowsAloneAndAReloadTheWholePage() {
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "member-rows")
                .queryParam("q", "m12").get(admin("/members")).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("id=\"member-rows\"", "m120");
        assertThat(page("nadia", admin("/members") + "?q=m12").select("h1").text()).isEqualTo("Members");
    }

    @Test
    void periodsComeAPageAtATimeTheLatestFirstAndAreSearchedByLabel() {
        Document first = page("nadia", admin("/periods"));
        assertThat(first.select("section[aria-labelledby=periods-h] tbody tr")).hasSize(50);
        assertThat(first.select("section[aria-labelledby=periods-h] tbody tr").first().text()).contains("P-061");
        Document second = page("nadia", admin("/periods") + "?page=2");
        assertThat(second.select("section[aria-labelledby=periods-h] tbody tr")).hasSize(PERIODS - 50);
        Document found = page("nadia", admin("/periods") + "?q=p-06");
        assertThat(found.select("section[aria-labelledby=periods-h] tbody tr td:first-child").eachText())
                .containsExactly("P-061", "P-060");
        assertThat(page("nadia", admin("/periods") + "?q=2099").select(".empty").text()).isEqualTo("No period matches “2099”.");
        assertThat(Jsoup.parse(DevTokens.as("nadia").queryParam("q", "%").get(admin("/periods")).then().statusCode(200).extract()
                .asString()).select(".empty").text()).isEqualTo("No period matches “%”.");
    }

    @Test
    void datesAreWrittenInTheViewersLanguageWithTheInstantForMachines() {
        String iso = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}";
        Document english = page("nadia", admin("/periods"));
        Element time = english.selectFirst("section[aria-labelledby=periods-h] tbody time");
        assertThat(time.attr("datetime")).matches(iso + ":\\d{2}Z");
        assertThat(time.text()).matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}\\s[AP]M UTC");
        assertThat(english.select("main").text()).doesNotContainPattern(iso);

        Document german = Jsoup.parse(DevTokens.as("nadia").header("Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
                .get(admin("/periods")).then().statusCode(200).extract().asString());
        assertThat(german.selectFirst("section[aria-labelledby=periods-h] tbody time").text())
                .matches("\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} UTC");
    }

    @Test
    void licencesHaveTheirPageWithTheFormAndASearch() {
        Document licences = page("nadia", admin("/licences"));
        assertThat(licences.select("tbody tr").text()).contains("Acme AI", "acme-ai");
        assertThat(licences.select("form[method=post] input[name=builder]")).hasSize(1);
        assertThat(page("nadia", admin("/licences") + "?q=acme").select("tbody tr")).hasSize(1);
        assertThat(page("nadia", admin("/licences") + "?q=_").select(".empty").text()).isEqualTo("No licensed builder matches “_”.");
    }

    @Test
    void aRefusedFormIsShownAgainOnItsOwnPageAndAnAcceptedOneReturnsThere() {
        Response refused = DevTokens.page("nadia").contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("ref", "").formParam("name", "No Ref").post(admin("/members"));
        assertThat(refused.statusCode()).isEqualTo(422);
        Document d = Jsoup.parse(refused.asString());
        assertThat(d.select("h1").text()).isEqualTo("Members");
        assertThat(d.select(".problems").text()).isNotEmpty();
        assertThat(d.select("input[name=name]").val()).isEqualTo("No Ref");

        Response opened = DevTokens.page("nadia").contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("label", Unique.name("Q")).post(admin("/periods"));
        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.header("Location")).contains(admin("/periods") + "?notice=opened");

        Response badPeriod = DevTokens.page("nadia").contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("label", "no spaces allowed").post(admin("/periods"));
        assertThat(badPeriod.statusCode()).isEqualTo(422);
        assertThat(Jsoup.parse(badPeriod.asString()).select("h1").text()).isEqualTo("Periods");
    }

    @Test
    void theOtherListsThatGrowTakeASearchAndAPageBeyondTheirEnd() {
        Response disputes = DevTokens.as("nadia").urlEncodingEnabled(false).get(admin("/disputes") + "?show=closed&q=%25_%5C&page=99");
        assertThat(disputes.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(disputes.asString()).select(".empty").text()).isEqualTo("No dispute here matches “%_\\”.");
        assertThat(page("nadia", admin("/stakes") + "?q=no-such-model").select("section[aria-labelledby=ballots-h] .empty").first().text())
                .isEqualTo("No ballot matches “no-such-model”.");
        assertThat(page("nadia", admin("/payment-runs") + "?page=7").select("section[aria-labelledby=runs-h] .empty").text())
                .isEqualTo("No payment run yet.");
        Document filings = page("bruno", "/t/" + tenant + "/builder/filings?q=no-such-model&page=3");
        assertThat(filings.select(".empty").text()).isEqualTo("No filing matches “no-such-model”.");
        assertThat(page("bruno", "/builder").select("a").eachAttr("href")).contains("/t/" + tenant + "/builder/filings");
    }

    @Test
    void anotherCmosAdministratorAndOtherRolesSeeNone() {
        for (String path : List.of("/members", "/licences", "/periods")) {
            assertThat(DevTokens.as("cora").get(admin(path)).statusCode()).as(path).isEqualTo(404);
            assertThat(DevTokens.as("alice").get(admin(path)).statusCode()).as(path).isEqualTo(403);
        }
        // a builder another CMO licenses, but not this one, finds no filings page here
        assertThat(DevTokens.as("nadia").get("/t/" + tenant + "/builder/filings").statusCode()).isEqualTo(403);
    }
}
