package org.cmoportal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.quarkus.test.junit.QuarkusTest;

/** The member's account pages, the administrator's view of them, and the balance report. */
@QuarkusTest
class AccountPagesTest {

    static String m(long minor) {
        return Amounts.formatGrouped(minor, AccountWorld.USD);
    }

    @Test
    void theMemberSeesBalancesPaymentsAndEntriesInEveryCmo() {
        AccountWorld one = AccountWorld.create();
        AccountWorld two = AccountWorld.create();
        one.distribute("2027-Q1", "1250000.00", ConservationTest.usage());
        long earned = one.balanceInDb("alice");
        one.post("alice", "PAID", -300_00, null, "payment_run", 1, "Payment run 1");
        one.post("alice", "RETURNED", 300_00, null, "payment_return", 1, "Returned: the IBAN is closed");
        one.post("alice", "PAID", -200_00, null, "payment_run", 2, "Payment run 2");

        Document overview = Jsoup.parse(as("alice").get("/member/account").then().statusCode(200).extract().asString());
        Element first = section(overview, one.name);
        assertThat(first.select(".stat .balance").text()).isEqualTo(m(earned - 200_00));
        assertThat(first.select("table.payments tbody tr td:nth-child(3)").eachText())
                .containsExactly("Payment run 2", "Returned: the IBAN is closed", "Payment run 1");
        assertThat(first.select("table.payments .badge").eachText()).containsExactly("paid", "returned", "paid");
        assertThat(first.select("table.entries tbody tr")).hasSize(4);
        assertThat(first.select("table.entries").text()).contains("Earned", "2027-Q1", "Distribution of 2027-Q1", m(earned));
        assertThat(first.select("a[href=" + Routes.memberAccount(one.tenant, "alice") + "]")).hasSize(1);
        Element second = section(overview, two.name);
        assertThat(second.select(".stat .balance").text()).isEqualTo("0.00");
        assertThat(second.select(".empty").text()).contains("Nothing has been paid to you yet");
        // bob's account is not alice's to see
        assertThat(overview.text()).doesNotContain("Bob Account");

        // reached from the member's home and the navigation
        Document home = Jsoup.parse(as("alice").get("/member").then().statusCode(200).extract().asString());
        assertThat(home.select("nav[aria-label=Main] a[href=/member/account]")).hasSize(1);
        assertThat(home.select("a[href=/member/account]").size()).isGreaterThan(1);
    }

    /**
     * The figures above an account add up to its balance, whatever moved it: earned + adjusted + released from suspense -
     * paid + returned. An adjustment or a release that had no figure of its own left the balance unexplained (a member
     * with a restatement's -1,755.48 read 62,555.05 earned, nothing paid and a balance of 60,799.57).
     */
    @Test
    void theAccountsFiguresAddUpToItsBalanceWithAdjustmentsAndReleases() {
        AccountWorld world = AccountWorld.create();
        world.distribute("2027-Q2", "1250000.00", ConservationTest.usage());
        long earned = world.balanceInDb("alice");
        world.post("alice", "ADJUSTED", -123_45, "2027-Q2", "dispute", 7, "A line was counted twice");
        world.post("alice", "RELEASED", 50_00, null, "claim", 8, "Claim of a held ref");
        world.post("alice", "PAID", -300_00, null, "payment_run", 1, "Payment run 1");
        world.post("alice", "RETURNED", 100_00, null, "payment_return", 1, "Returned: the IBAN is closed");
        long balance = earned - 123_45 + 50_00 - 300_00 + 100_00;
        assertThat(world.balanceInDb("alice")).isEqualTo(balance);

        Document member = Jsoup.parse(as("alice").get(Routes.memberAccount(world.tenant, "alice")).then().statusCode(200).extract().asString());
        Document admin = Jsoup.parse(as("nadia").get(Routes.adminAccount(world.tenant, "alice")).then().statusCode(200).extract().asString());
        Document overview = Jsoup.parse(as("alice").get("/member/account").then().statusCode(200).extract().asString());
        for (Element page : List.of(member, admin, section(overview, world.name))) {
            Map<String, Long> figures = figures(page);
            assertThat(figures).as(page.text()).containsEntry("adjusted by corrections", -123_45L)
                    .containsEntry("released from suspense", 50_00L).containsEntry("returned by the bank", 100_00L);
            long paid = figures.entrySet().stream().filter(f -> f.getKey().startsWith("paid")).findFirst().orElseThrow().getValue();
            assertThat(paid).isEqualTo(300_00);
            assertThat(figures.get("earned in distributions") + figures.get("adjusted by corrections")
                    + figures.get("released from suspense") - paid + figures.get("returned by the bank"))
                    .as("the figures add up to the balance").isEqualTo(balance)
                    .isEqualTo(figures.entrySet().stream().filter(f -> f.getKey().startsWith("balance")).findFirst().orElseThrow().getValue());
        }
        // an account that was never adjusted nor released shows no such figure
        Document bobs = Jsoup.parse(as("nadia").get(Routes.adminAccount(world.tenant, "bob")).then().statusCode(200).extract().asString());
        assertThat(figures(bobs)).containsKeys("earned in distributions", "returned by the bank")
                .doesNotContainKeys("adjusted by corrections", "released from suspense");
    }

    /** The figures above an account, by label, in minor units. */
    private static Map<String, Long> figures(Element page) {
        Map<String, Long> out = new LinkedHashMap<>();
        Html.figures(page).forEach((label, value) -> out.put(label, minor(value)));
        return out;
    }

    @Test
    void theEntriesAndPaymentsDaysAreInTheViewersLanguageWithTheSameDayForMachines() {
        AccountWorld world = AccountWorld.create();
        world.post("alice", "RELEASED", 400_00, null, "claim", 1, "Released from suspense");
        world.post("alice", "PAID", -300_00, null, "payment_run", 1, "Payment run 1");
        for (String page : List.of("/t/" + world.tenant + "/accounts/alice", "/member/account")) {
            for (String table : List.of("table.entries", "table.payments")) {
                Element english = Jsoup.parse(as("alice").header("Accept-Language", "en-GB").get(page).then().statusCode(200)
                        .extract().asString()).selectFirst(table + " tbody time");
                Element german = Jsoup.parse(as("alice").header("Accept-Language", "de-DE,de;q=0.9").get(page).then()
                        .statusCode(200).extract().asString()).selectFirst(table + " tbody time");
                String where = page + " " + table;
                assertThat(german.attr("datetime")).as(where).isEqualTo(english.attr("datetime")).matches("\\d{4}-\\d{2}-\\d{2}");
                assertThat(english.text()).as(where).matches("\\d{1,2} [A-Z][a-z]{2,3} \\d{4}");
                assertThat(german.text()).as(where).matches("\\d{2}\\.\\d{2}\\.\\d{4}")
                        .isEqualTo(java.time.LocalDate.parse(german.attr("datetime"))
                                .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.uuuu")));
            }
        }
    }

    @Test
    void aLongAccountIsReadAPageAtATimeWithItsRunningBalance() {
        AccountWorld world = AccountWorld.create();
        int count = Paging.SIZE * 2 + 7;
        long balance = 0;
        List<Long> amounts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            long amount = i % 3 == 0 ? -i : 100 + i;
            world.post("alice", amount < 0 ? "PAID" : "RELEASED", amount, null, amount < 0 ? "payment_run" : "claim", i, "Entry " + i);
            balance += amount;
            amounts.add(amount);
        }
        String base = "/t/" + world.tenant + "/accounts/alice";
        Document page1 = Jsoup.parse(as("alice").get(base).then().statusCode(200).extract().asString());
        assertThat(page1.select("#balance").text()).isEqualTo(m(balance));
        List<Element> rows = page1.select("table.entries tbody tr");
        assertThat(rows).hasSize(Paging.SIZE);
        // newest first; each row's balance is the account's after that entry
        assertThat(rows.get(0).text()).contains("Entry " + count).endsWith(m(balance));
        assertThat(rows.get(1).select("td").last().text()).isEqualTo(m(balance - amounts.get(count - 1)));
        assertThat(page1.select("nav.pager").text()).contains("1–50 of " + count + " entries");
        assertThat(page1.select("a[rel=next]").attr("href")).isEqualTo(base + "?page=2");

        Document page3 = Jsoup.parse(as("alice").get(base + "?page=3").then().statusCode(200).extract().asString());
        assertThat(page3.select("table.entries tbody tr")).hasSize(7);
        assertThat(page3.select("table.entries tbody tr").last().text()).contains("Entry 1").endsWith(m(amounts.get(0)));
        assertThat(page3.select("a[rel=next]")).isEmpty();
        assertThat(page3.select("a[rel=prev]").attr("href")).isEqualTo(base + "?page=2");
        // a page past the end, or no number at all, shows a page that exists
        assertThat(Jsoup.parse(as("alice").get(base + "?page=99").then().statusCode(200).extract().asString())
                .select("table.entries tbody tr")).hasSize(7);
        assertThat(Jsoup.parse(as("alice").get(base + "?page=x").then().statusCode(200).extract().asString())
                .select("table.entries tbody tr")).hasSize(Paging.SIZE);
    }

    @Test
    void anotherMembersAccountIsNotFoundAndTheAdministratorSeesAny() {
        AccountWorld world = AccountWorld.create();
        world.member("a/b c ü", "Slash Member", "bob");
        world.post("a/b c ü", "RELEASED", 42_00, null, "claim", 1, "Claim 1");
        String odd = Routes.memberAccount(world.tenant, "a/b c ü");
        assertThat(odd).endsWith("/accounts/a%2Fb%20c%20%C3%BC");

        as("alice").get("/t/" + world.tenant + "/accounts/bob").then().statusCode(404);
        as("alice").urlEncodingEnabled(false).get(odd).then().statusCode(404);
        Document bobs = Jsoup.parse(as("bob").urlEncodingEnabled(false).get(odd).then().statusCode(200).extract().asString());
        assertThat(bobs.select("#balance").text()).isEqualTo("42.00");
        as("cora").get(Routes.adminAccount(world.tenant, "alice")).then().statusCode(404);
        as("nadia").get(Routes.adminAccount(world.tenant, "nobody")).then().statusCode(404);

        Document admin = Jsoup.parse(as("nadia").urlEncodingEnabled(false).get(Routes.adminAccount(world.tenant, "a/b c ü")).then().statusCode(200).extract().asString());
        assertThat(admin.select("h1").text()).isEqualTo("Account of Slash Member");
        assertThat(admin.select("nav.crumbs a").eachAttr("href")).contains(Routes.balances(world.tenant));
        // the administrator reaches it from the members page
        Document adminHome = Jsoup.parse(as("nadia").get("/t/" + world.tenant + "/admin/members").then().statusCode(200).extract().asString());
        assertThat(adminHome.select("#member-rows a").eachAttr("href")).contains(Routes.adminAccount(world.tenant, "a/b c ü"));
    }

    @Test
    void theBalanceReportSortsSearchesAndExports() throws Exception {
        AccountWorld world = AccountWorld.create();
        world.member("dora", "Dora Negative", null);
        world.distribute("2027-Q1", "1250000.00", ConservationTest.usage());
        world.post("dora", "ADJUSTED", -7_00, null, "dispute", 1, "Overpaid earlier");
        long alice = world.balanceInDb("alice");
        long bob = world.balanceInDb("bob");
        long carol = world.balanceInDb("carol");

        String base = Routes.balances(world.tenant);
        Document report = Jsoup.parse(as("nadia").get(base).then().statusCode(200).extract().asString());
        List<String> refs = report.select("table.balances tbody tr td:first-child").eachText();
        List<Long> balances = report.select("table.balances tbody tr td:last-child").eachText().stream().map(AccountPagesTest::minor).toList();
        assertThat(refs).containsExactlyInAnyOrder("alice", "bob", "carol", "dora");
        assertThat(balances).isSortedAccordingTo((a, b) -> Long.compare(b, a)).contains(alice, bob, carol, -7_00L);
        assertThat(report.select("table.balances tfoot td").text()).isEqualTo(m(alice + bob + carol - 7_00));

        Document ascending = Jsoup.parse(as("nadia").get(base + "?order=asc").then().statusCode(200).extract().asString());
        assertThat(ascending.select("table.balances tbody tr td:first-child").first().text()).isEqualTo("dora");

        String rows = as("nadia").header("HX-Request", "true").header("HX-Target", "balance-rows").queryParam("q", "NEGAT")
                .get(base).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(Jsoup.parseBodyFragment(rows).select("table.balances tbody tr").eachText()).singleElement().asString().contains("dora");

        String csv = as("nadia").get(base + "/csv").then().statusCode(200).contentType("text/csv; charset=UTF-8").extract().asString();
        List<CsvRecord> records;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(new StringReader(csv))) {
            records = reader.stream().toList();
        }
        assertThat(records.get(0).getFields()).containsExactly("tenant", "member_ref", "name", "balance", "currency", "entries");
        assertThat(records).hasSize(5);
        assertThat(records.get(4).getFields()).containsExactly(world.tenant, "dora", "Dora Negative", "-7.00", "USD", "1");
        assertThat(records.stream().skip(1).mapToLong(r -> AccountWorld.minor(r.getField(3))).sum()).isEqualTo(alice + bob + carol - 7_00);
    }

    @Test
    void theBalanceReportIsPagedAndSearchedWithinItsTenant() {
        AccountWorld world = AccountWorld.create();
        AccountWorld other = AccountWorld.create();
        // 57 more members, each with a balance of its own (m057 the largest), written as the schema owner
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, 'm' || lpad(g::text, 3, '0'), 'Many ' || g"
                + " FROM generate_series(1, 57) g", world.tenant);
        OwnerSql.execute("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason)
                SELECT ?, 'm' || lpad(g::text, 3, '0'), 'RELEASED', 100 * g, 'claim', g, 'Claim ' || g FROM generate_series(1, 57) g""",
                world.tenant);
        String base = Routes.balances(world.tenant);

        Document first = page("nadia", base);
        assertThat(first.select("table.balances tbody tr")).hasSize(Paging.SIZE);
        assertThat(first.select("table.balances tbody tr td:first-child").first().text()).isEqualTo("m057");
        assertThat(first.selectFirst("nav.pager").text()).contains("Page 1 of 2", "1–50 of 60 members");
        assertThat(first.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?page=2");
        Document last = page("nadia", base + "?page=2");
        // the next rows: m007 down to m001, then the three members with nothing (by ref)
        assertThat(last.select("table.balances tbody tr td:first-child").eachText())
                .containsExactly("m007", "m006", "m005", "m004", "m003", "m002", "m001", "alice", "bob", "carol");
        assertThat(last.select("nav.pager a[rel=next]")).isEmpty();
        assertThat(last.select("nav.pager a[rel=prev]").attr("href")).isEqualTo(base + "?page=1");
        // an address of the former pager still lands on its page
        assertThat(page("nadia", base + "?q=&order=desc&page=2").select("table.balances tbody tr")).hasSize(10);

        // a search narrows by ref or name, keeps the order, and the pages' links keep both
        Document many = page("nadia", base + "?order=asc&q=MANY");
        assertThat(many.selectFirst("nav.pager").text()).contains("1–50 of 57 members");
        assertThat(many.select("table.balances tbody tr td:first-child").first().text()).isEqualTo("m001");
        assertThat(many.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?order=asc&q=MANY&page=2");
        assertThat(page("nadia", base + "?order=asc&q=MANY&page=2").select("table.balances tbody tr td:first-child").eachText())
                .containsExactly("m051", "m052", "m053", "m054", "m055", "m056", "m057");
        // both CMOs have an "Alice Account": only this one's is found, and its total is this CMO's
        Document alice = page("nadia", base + "?q=alice");
        assertThat(alice.select("table.balances tbody tr td:first-child").eachText()).containsExactly("alice");
        assertThat(alice.select("nav.pager")).isEmpty();
        assertThat(page("nadia", Routes.balances(other.tenant) + "?q=many").select(".empty").text())
                .isEqualTo("No member matches “many”.");
        as("cora").get(base + "?q=alice&page=2").then().statusCode(404);
    }

    @Test
    void aMembersEntriesAreSearchedByKindPeriodOrReasonWithTheBalanceAfterEachKept() {
        AccountWorld world = AccountWorld.create();
        AccountWorld other = AccountWorld.create();
        // 70 entries: every fifth a payment of i, the others a release of 100 + i
        long balance = 0;
        List<Long> amounts = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            long amount = i % 5 == 0 ? -i : 100 + i;
            world.post("alice", amount < 0 ? "PAID" : "RELEASED", amount, null, amount < 0 ? "payment_run" : "claim", i, "Entry " + i);
            balance += amount;
            amounts.add(amount);
        }
        other.post("alice", "RELEASED", 5_00, null, "claim", 1, "Entry of another CMO");
        String base = Routes.memberAccount(world.tenant, "alice");

        // the search is in the pages' links; the second page holds the next rows and no link further
        Document entries = page("alice", base + "?q=entry");
        assertThat(entries.select("table.entries tbody tr")).hasSize(Paging.SIZE);
        assertThat(entries.selectFirst("nav.pager").text()).contains("1–50 of 70 entries");
        assertThat(entries.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?q=entry&page=2");
        Document second = page("alice", base + "?q=entry&page=2");
        assertThat(second.select("table.entries tbody tr td:nth-child(4)").eachText()).hasSize(20).startsWith("Entry 20")
                .endsWith("Entry 1").doesNotContain("Entry of another CMO");
        assertThat(second.select("nav.pager a[rel=next]")).isEmpty();

        // by kind: the payments alone, each with the account's balance after it, not the payments' running sum
        Document paid = page("alice", base + "?q=PAID");
        List<Element> rows = paid.select("table.entries tbody tr");
        assertThat(rows).hasSize(14);
        assertThat(rows).allSatisfy(r -> assertThat(r.select(".badge").text()).isEqualTo("Paid"));
        assertThat(rows.get(0).select("td").get(3).text()).isEqualTo("Entry 70");
        assertThat(rows.get(0).select("td").last().text()).isEqualTo(m(balance));
        long afterEntry65 = balance - amounts.subList(65, 70).stream().mapToLong(Long::longValue).sum();
        assertThat(rows.get(1).select("td").get(3).text()).isEqualTo("Entry 65");
        assertThat(rows.get(1).select("td").last().text()).isEqualTo(m(afterEntry65));
        assertThat(paid.select("nav.pager")).isEmpty();
        // the balance above the entries is the account's, whatever the search
        assertThat(paid.select("#balance").text()).isEqualTo(m(balance));

        // the administrator's search asks the rows alone; nothing matches: said so
        String fragment = as("nadia").header("HX-Request", "true").header("HX-Target", "entry-rows").queryParam("q", "entry 7")
                .get(Routes.adminAccount(world.tenant, "alice")).then().statusCode(200).extract().asString();
        assertThat(fragment).doesNotContain("<html");
        assertThat(Jsoup.parseBodyFragment(fragment).select("tbody tr td:nth-child(4)").eachText()).containsExactly("Entry 70", "Entry 7");
        assertThat(page("alice", base + "?q=nothing-like-this").select("#entry-rows .empty").text())
                .isEqualTo("No entry matches “nothing-like-this”.");
        // another CMO's entry is in its own account only
        assertThat(page("alice", Routes.memberAccount(other.tenant, "alice") + "?q=entry").select("table.entries tbody tr td:nth-child(4)")
                .eachText()).containsExactly("Entry of another CMO");
        as("bob").get(base + "?q=entry").then().statusCode(404);
    }

    private static Document page(String user, String address) {
        return Jsoup.parse(as(user).get(address).then().statusCode(200).extract().asString());
    }

    private static Element section(Document page, String tenantName) {
        return page.select("section.card").stream().filter(s -> s.select("h2").text().equals(tenantName)).findFirst().orElseThrow();
    }

    private static long minor(String grouped) {
        return AccountWorld.minor(grouped.replace(",", ""));
    }
}
