package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.IntStream;

import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.web.Paging;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The period board's and the verification board's filings, a page at a time (web/Paging, {@code filingsPage}) and
 * searched by builder, model or status: the counts stay those of every filing, a filing's decision works from any
 * page and brings the administrator back to it, and another CMO's filings never show.
 */
@QuarkusTest
class PeriodBoardListsTest {

    static final String P = "2026-Q1";

    /** Acme AI's models m01 .. m52, then Zeta Boardworks' z1 .. z3: 55 filings, in the board's order. */
    record World(Cmo cmo, String board, String verification, Map<String, Long> ids) {
    }

    static World world() {
        String slug = Unique.name("bl");
        Cmo cmo = Cmo.create(slug, List.of("alice"));
        cmo.open(P);
        Organisations.ensure("zeta-board", "Zeta Boardworks", "bruno");
        Map<String, Long> ids = new java.util.LinkedHashMap<>();
        IntStream.rangeClosed(1, 52).forEach(i -> ids.put(String.format("m%02d", i), file(slug, "acme-ai", String.format("m%02d", i))));
        for (String model : List.of("z1", "z2", "z3")) {
            ids.put(model, file(slug, "zeta-board", model));
        }
        return new World(cmo, "/t/" + slug + "/admin/periods/" + P, "/t/" + slug + "/admin/verification/" + P, ids);
    }

    static long file(String tenant, String builder, String model) {
        try (Connection c = OwnerSql.connect()) {
            long periodId = OwnerSql.number(c, "SELECT id FROM period WHERE tenant_id = ? AND label = ?", tenant, P);
            long builderId = OwnerSql.number(c, "SELECT id FROM builder_org WHERE slug = ?", builder);
            return Filings.raw(tenant, periodId, builderId, model)
                    .stored(125_000_000, 40_000_000, 10_000_000, "0.30", 75_000_000, 22_500_000, 5_625_000).insert(c).id();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Document page(String address) {
        return Jsoup.parse(Cmo.as("nadia").get(address).then().statusCode(200).extract().asString());
    }

    /** The models of the filings listed, in order. */
    static List<String> models(Document page) {
        List<String> models = new ArrayList<>();
        for (Element row : page.select("#filing-rows tbody tr")) {
            models.add(row.select("td").get(1).ownText().strip());
        }
        return models;
    }

    static Element pager(Document page) {
        return page.selectFirst("nav.pager[aria-label='Pages of filings']");
    }

    /** Posts a form of the board page {@code address} with its CSRF token. */
    static Response submit(String address, String action, Map<String, ?> fields) {
        Response page = Cmo.as("nadia").get(address);
        page.then().statusCode(200);
        Matcher m = PeriodPagesTest.CSRF.matcher(page.asString());
        assertThat(m.find()).isTrue();
        return Cmo.as("nadia").redirects().follow(false).cookies(page.getCookies()).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", m.group(1)).formParams(fields).post(action);
    }

    @Test
    void thePeriodBoardListsItsFilingsAPageAtATimeSearchedAndDecidedFromAnyPage() {
        World w = world();
        // another CMO with the same period and a filing of its own, by the same builder
        String other = Unique.name("bl");
        Cmo.create(other, List.of("alice")).open(P);
        file(other, "acme-ai", "secret-model");

        Document first = page(w.board());
        List<String> firstModels = models(first);
        assertThat(firstModels).hasSize(Paging.SIZE).startsWith("m01", "m02").endsWith("m50");
        assertThat(pager(first).text()).contains("Page 1 of 2", "1–50 of 55 filings");
        assertThat(pager(first).select("a[rel=next]").attr("href")).isEqualTo(w.board() + "?filingsPage=2");
        Document second = page(w.board() + "?filingsPage=2");
        assertThat(models(second)).containsExactly("m51", "m52", "z1", "z2", "z3").doesNotContainAnyElementsOf(firstModels);
        assertThat(second.select("#filing-rows tbody tr td:first-child").eachText()).endsWith("Zeta Boardworks");
        // the verification summary counts every filing, not the page's
        assertThat(second.select(".verification-summary").text()).contains("55 unattested");

        // by builder, by model (any case), by status; the search box shows it again
        Document zeta = page(w.board() + "?q=zeta");
        assertThat(models(zeta)).containsExactly("z1", "z2", "z3");
        assertThat(pager(zeta)).isNull();
        assertThat(zeta.select("input#filings-q").attr("value")).isEqualTo("zeta");
        assertThat(models(page(w.board() + "?q=M5"))).containsExactly("m50", "m51", "m52");
        assertThat(pager(page(w.board() + "?q=submitted")).text()).contains("1–50 of 55 filings");
        // the search's htmx gets the filings alone
        String rows = Cmo.as("nadia").header("HX-Request", "true").header("HX-Target", "filing-rows").queryParam("q", "z2")
                .get(w.board()).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(models(Jsoup.parse(rows))).containsExactly("z2");

        // another CMO's filing never shows here
        Document none = page(w.board() + "?q=secret");
        assertThat(models(none)).isEmpty();
        assertThat(none.select("#filing-rows .empty").text()).contains("matches “secret”");
        assertThat(page("/t/" + other + "/admin/periods/" + P).select("#filing-rows tbody tr")).hasSize(1);

        // closed: the filings to decide are counted over the whole period on every page
        w.cmo().post("nadia", P, "close").then().statusCode(200);
        assertThat(page(w.board() + "?filingsPage=2").select("#next-h + p").text()).contains("55 filing(s) still need a decision");

        // decided from page 2: back to page 2, the decision shows there, the count falls
        long z1 = w.ids().get("z1");
        submit(w.board() + "?filingsPage=2", w.board() + "/filings/" + z1 + "/accept", Map.of("justification", "", "q", "",
                "filingsPage", "2")).then().statusCode(303).header("Location", endsWith(w.board() + "?filingsPage=2&notice=accepted"));
        Document after = page(w.board() + "?filingsPage=2&notice=accepted");
        assertThat(after.select("#filing-" + z1 + " .badge").first().text()).isEqualTo("ACCEPTED");
        assertThat(after.select("#next-h + p").text()).contains("54 filing(s) still need a decision");
        // a refused decision on page 2 shows page 2 again, with the problem beside the row it was refused for
        long z2 = w.ids().get("z2");
        Response refused = submit(w.board() + "?filingsPage=2", w.board() + "/filings/" + z2 + "/reject",
                Map.of("reason", "", "q", "", "filingsPage", "2"));
        refused.then().statusCode(422);
        Document shown = Jsoup.parse(refused.asString());
        assertThat(models(shown)).containsExactly("m51", "m52", "z1", "z2", "z3");
        assertThat(shown.select(".problems, [role=alert]").text()).isNotBlank();
        // decided from a search: back to the search
        long m51 = w.ids().get("m51");
        submit(w.board() + "?q=m5", w.board() + "/filings/" + m51 + "/reject", Map.of("reason", "Revenue not attested", "q", "m5",
                "filingsPage", "1")).then().statusCode(303).header("Location", endsWith(w.board() + "?q=m5&notice=rejected"));
        Document searched = page(w.board() + "?q=m5");
        assertThat(searched.select("#filing-" + m51 + " .badge").first().text()).isEqualTo("REJECTED");
        assertThat(searched.text()).contains("Revenue not attested");
        assertThat(searched.select("#next-h + p").text()).contains("53 filing(s) still need a decision");
    }

    @Test
    void theVerificationBoardCountsEveryFilingAndListsAPageOfThem() {
        World w = world();
        String other = Unique.name("bl");
        Cmo.create(other, List.of("alice")).open(P);
        file(other, "acme-ai", "secret-model");

        Document first = page(w.verification());
        assertThat(first.select("#filing-rows tbody tr")).hasSize(Paging.SIZE);
        assertThat(first.select(".stat .value").first().text()).isEqualTo("55");
        assertThat(pager(first).text()).contains("1–50 of 55 filings");
        assertThat(pager(first).select("a[rel=next]").attr("href")).isEqualTo(w.verification() + "?filingsPage=2");
        Document second = page(w.verification() + "?filingsPage=2");
        assertThat(second.select("#filing-rows tbody tr strong").eachText()).containsExactly("Acme AI", "Acme AI",
                "Zeta Boardworks", "Zeta Boardworks", "Zeta Boardworks");
        assertThat(second.select("#filing-" + w.ids().get("z3"))).hasSize(1);

        Document zeta = page(w.verification() + "?q=Zeta");
        assertThat(zeta.select("#filing-rows tbody tr")).hasSize(3);
        // the counts are the period's, whatever the search
        assertThat(zeta.select(".stat .value").first().text()).isEqualTo("55");
        assertThat(zeta.select(".stat .value").get(2).text()).isEqualTo("55");
        String rows = Cmo.as("nadia").header("HX-Request", "true").header("HX-Target", "filing-rows").queryParam("q", "m07")
                .get(w.verification()).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(Jsoup.parse(rows).select("tbody tr")).hasSize(1);
        assertThat(Jsoup.parse(rows).select("tbody tr").text()).contains("m07");

        Document none = page(w.verification() + "?q=secret");
        assertThat(none.select("#filing-rows tbody tr")).isEmpty();
        assertThat(none.select("#filing-rows .empty").text()).contains("matches “secret”");
    }
}
