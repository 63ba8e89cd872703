package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The administrators' list of payment runs: a page at a time, the latest first, and searched by what an administrator
 * has at hand (a run's number, its state, who proposed or approved it, a member ref it paid or carried); another
 * CMO's runs are never found.
 */
@QuarkusTest
class PaymentRunListTest {

    @Test
    void runsComeAPageAtATimeAndAreFoundByNumberStateAdministratorOrMemberRef() {
        PayCmo cmo = PayCmo.create("EUR", members("paid-ann", "kept-ben"));
        cmo.earn("paid-ann", 500_00);
        cmo.earn("kept-ben", 20_00);
        cmo.putAccount("nadia", "paid-ann", "Ann Example", PaymentRunsTest.DE, null).then().statusCode(200);
        // the first run pays paid-ann and carries kept-ben (no bank account): proposed by noah, approved by colin
        long first = cmo.propose("noah").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.approve("colin", first).then().statusCode(200);
        // then 51 proposals by nadia, each discarding the one before: 52 runs, the latest still proposed
        List<Long> ids = new ArrayList<>(List.of(first));
        for (int i = 0; i < 51; i++) {
            ids.add(cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id"));
        }
        long latest = ids.get(ids.size() - 1);
        String list = Routes.paymentRuns(cmo.slug);

        Document one = page(list);
        assertThat(runs(one)).hasSize(50);
        assertThat(runs(one).get(0)).isEqualTo("Run " + latest);
        Element pager = one.selectFirst("#run-rows nav.pager");
        assertThat(pager.text()).contains("Page 1 of 2", "1–50 of 52 runs");
        assertThat(pager.select("a[rel=next]").attr("href")).isEqualTo(list + "?page=2");
        Document two = page(list + "?page=2");
        assertThat(runs(two)).containsExactly("Run " + ids.get(1), "Run " + first);
        assertThat(two.select("#run-rows nav.pager a[rel=next]")).as("no next page after the last").isEmpty();
        assertThat(two.select("#run-rows nav.pager a[rel=prev]").attr("href")).isEqualTo(list + "?page=1");

        // a member ref, whole: the run that paid it, the runs that carried it; part of a ref finds nothing
        assertThat(runs(search(list, "paid-ann"))).containsExactly("Run " + first);
        // kept-ben has no bank account: every run carried the balance
        assertThat(search(list, "kept-ben").select("#run-rows nav.pager").text()).contains("1–50 of 52 runs");
        assertThat(search(list, "paid-a").select("#run-rows .empty").text()).startsWith("No payment run matches “paid-a”");
        // a number, as written on the page or alone
        assertThat(runs(search(list, "Run " + first))).containsExactly("Run " + first);
        assertThat(runs(search(list, "#" + ids.get(7)))).containsExactly("Run " + ids.get(7));
        // a state, or an administrator
        assertThat(runs(search(list, "approved"))).containsExactly("Run " + first);
        assertThat(runs(search(list, "PROPOSED"))).containsExactly("Run " + latest);
        assertThat(runs(search(list, "colin"))).containsExactly("Run " + first);
        assertThat(runs(search(list, "discard"))).hasSize(50).doesNotContain("Run " + first, "Run " + latest);
        // nadia proposed 51: the search's second page keeps the search in its links
        assertThat(runs(search(list, "nadia"))).hasSize(50);
        Document nadiaTwo = Jsoup.parse(DevTokens.as("nadia").queryParam("q", "nadia").queryParam("page", "2").get(list).then().statusCode(200).extract().asString());
        assertThat(runs(nadiaTwo)).containsExactly("Run " + ids.get(1));
        assertThat(nadiaTwo.select("#run-rows nav.pager a[rel=prev]").attr("href")).isEqualTo(list + "?q=nadia&page=1");
        // a LIKE wildcard is a character like any other
        assertThat(runs(search(list, "%"))).isEmpty();
        assertThat(search(list, "paid-ann").selectFirst("#runs-q").val()).isEqualTo("paid-ann");

        // typing asks for the rows alone; the same address loaded plainly is the whole page
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "run-rows").queryParam("q", "colin")
                .get(list).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("id=\"run-rows\"", "Run " + first);
        assertThat(search(list, "colin").select("h1").text()).isEqualTo("Payment runs");

        // another CMO: its runs and its members are not found here, and its run is not found by its number
        PayCmo other = PayCmo.create("EUR", members("other-cy"));
        other.earn("other-cy", 300_00);
        long theirs = other.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(runs(search(list, "other-cy"))).isEmpty();
        assertThat(runs(search(list, String.valueOf(theirs)))).isEmpty();
        DevTokens.as("nadia").get(Routes.paymentRun(cmo.slug, theirs)).then().statusCode(404);
        assertThat(runs(page(Routes.paymentRuns(other.slug)))).containsExactly("Run " + theirs);
        // an administrator of another CMO does not find this CMO's list at all
        DevTokens.as("cora").get(list).then().statusCode(404);
    }

    @Test
    void theRunsDatesAreInTheViewersLanguageWithTheSameInstantForMachines() {
        PayCmo cmo = PayCmo.create("EUR", members("dated-ann"));
        cmo.earn("dated-ann", 100_00);
        cmo.propose("nadia").then().statusCode(201);
        String list = Routes.paymentRuns(cmo.slug);
        Element english = Jsoup.parse(DevTokens.as("nadia").header("Accept-Language", "en-GB").get(list).then().statusCode(200)
                .extract().asString()).selectFirst("#run-rows tbody time");
        Element german = Jsoup.parse(DevTokens.as("nadia").header("Accept-Language", "de-DE,de;q=0.9").get(list).then()
                .statusCode(200).extract().asString()).selectFirst("#run-rows tbody time");
        assertThat(german.attr("datetime")).isEqualTo(english.attr("datetime")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(english.text()).matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC");
        assertThat(german.text()).matches("\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} UTC");
    }

    private static Document page(String path) {
        return Jsoup.parse(DevTokens.as("nadia").get(path).then().statusCode(200).extract().asString());
    }

    private static Document search(String list, String query) {
        return Jsoup.parse(DevTokens.as("nadia").queryParam("q", query).get(list).then().statusCode(200).extract().asString());
    }

    /** Refs of members whom nobody signs in for. */
    private static Map<String, String> members(String... refs) {
        Map<String, String> members = new HashMap<>();
        for (String ref : refs) {
            members.put(ref, null);
        }
        return members;
    }

    private static List<String> runs(Document page) {
        return page.select("#run-rows tbody tr td:first-child a").eachText();
    }
}
