package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
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

    @Test
    void aRunsPaymentsAndCarriedBalancesComeAPageEachAndAreFoundByTheStartOfAMemberRef() {
        PayCmo cmo = PayCmo.create("EUR", Map.of());
        // 101 members paid (a bank account each) and 103 carried (none): one more page than a page of 100 each
        OwnerSql.execute("""
                INSERT INTO member (tenant_id, ref, name)
                SELECT ?, kind || lpad(i::text, 3, '0'), 'Member ' || kind || i
                  FROM (VALUES ('paid-', 101), ('kept-', 103)) AS k (kind, n), generate_series(0, k.n - 1) AS i""", cmo.slug);
        OwnerSql.execute("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason)
                SELECT ?, ref, 'EARNED', 10000, 'test', id, 'posted by the test' FROM member WHERE tenant_id = ?""",
                cmo.slug, cmo.slug);
        for (int i = 0; i < 101; i++) {
            cmo.putAccount("nadia", String.format("paid-%03d", i), "Holder " + i, PaymentRunsTest.DE, null).then().statusCode(200);
        }
        long id = cmo.propose("noah").then().statusCode(201).extract().jsonPath().getLong("id");
        String run = Routes.paymentRun(cmo.slug, id);

        Document first = page(run);
        assertThat(paid(first)).hasSize(100).startsWith("paid-000", "paid-001").endsWith("paid-099");
        assertThat(kept(first)).hasSize(100).startsWith("kept-000").endsWith("kept-099");
        Element payPager = first.selectFirst("#run-lists nav[aria-label='Pages of payments']");
        assertThat(payPager.text()).contains("Page 1 of 2", "1–100 of 101 payments");
        assertThat(payPager.select("a[rel=next]").attr("href")).isEqualTo(run + "?carried=1&payments=2");
        Element keptPager = first.selectFirst("#run-lists nav[aria-label='Pages of carried balances']");
        assertThat(keptPager.text()).contains("1–100 of 103 carried balances");
        assertThat(keptPager.select("a[rel=next]").attr("href")).isEqualTo(run + "?payments=1&carried=2");
        // each list keeps the other's page: the payments' second page with the carried list's second page
        Document both = page(run + "?payments=2&carried=2");
        assertThat(paid(both)).containsExactly("paid-100");
        assertThat(kept(both)).containsExactly("kept-100", "kept-101", "kept-102");
        assertThat(both.select("#run-lists nav.pager a[rel=next]")).as("no next page after the last").isEmpty();
        assertThat(both.select("nav[aria-label='Pages of payments'] a[rel=prev]").attr("href")).isEqualTo(run + "?carried=2&payments=1");
        // the pager this page had before wrote the same parameters: an old address lands on the same rows
        assertThat(paid(page(run + "?payments=2"))).containsExactly("paid-100");

        // the start of a ref narrows both lists, and their pages keep the search
        Document paid05 = search(run, "paid-05");
        assertThat(paid(paid05)).containsExactly("paid-050", "paid-051", "paid-052", "paid-053", "paid-054", "paid-055",
                "paid-056", "paid-057", "paid-058", "paid-059");
        assertThat(paid05.select("section[aria-labelledby=carried-h] .empty").text()).isEqualTo("No carried ref of this run starts with “paid-05”.");
        assertThat(paid05.select("#run-lists nav.pager")).isEmpty();
        assertThat(paid05.selectFirst("#run-q").val()).isEqualTo("paid-05");
        assertThat(kept(search(run, "kept-10"))).containsExactly("kept-100", "kept-101", "kept-102");
        assertThat(paid(search(run, "paid-100"))).containsExactly("paid-100");
        Document paidAll = search(run, "paid-");
        assertThat(paidAll.selectFirst("nav[aria-label='Pages of payments'] a[rel=next]").attr("href"))
                .isEqualTo(run + "?q=paid-&carried=1&payments=2");
        assertThat(kept(paidAll)).isEmpty();
        // the ref's start, not any part of it; a LIKE wildcard is a character like any other
        assertThat(paid(search(run, "050"))).isEmpty();
        assertThat(paid(search(run, "paid-%"))).isEmpty();
        assertThat(paid(search(run, "paid_"))).isEmpty();

        // typing asks for the two lists alone; the same address loaded plainly is the whole page
        String lists = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "run-lists").queryParam("q", "kept-10")
                .get(run).then().statusCode(200).extract().asString();
        assertThat(lists).doesNotContain("<html", "Next step").contains("id=\"run-lists\"", "kept-101");

        // another CMO's members, under the same refs, never appear in this run; its run is not found here
        PayCmo other = PayCmo.create("EUR", members("paid-0500", "kept-1000"));
        other.earn("paid-0500", 300_00);
        other.earn("kept-1000", 300_00);
        other.putAccount("nadia", "paid-0500", "Other Holder", PaymentRunsTest.DE, null).then().statusCode(200);
        long theirs = other.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(paid(search(run, "paid-050"))).containsExactly("paid-050");
        assertThat(kept(search(run, "kept-100"))).containsExactly("kept-100");
        DevTokens.as("nadia").get(Routes.paymentRun(cmo.slug, theirs)).then().statusCode(404);
        DevTokens.as("nadia").queryParam("q", "paid-0500").get(Routes.paymentRun(cmo.slug, theirs)).then().statusCode(404);
        assertThat(paid(search(Routes.paymentRun(other.slug, theirs), "paid-0"))).containsExactly("paid-0500");
    }

    private static List<String> paid(Document page) {
        return page.select("#run-lists section[aria-labelledby=payments-h] tbody tr td:first-child code").eachText();
    }

    private static List<String> kept(Document page) {
        return page.select("#run-lists section[aria-labelledby=carried-h] tbody tr td:first-child code").eachText();
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
