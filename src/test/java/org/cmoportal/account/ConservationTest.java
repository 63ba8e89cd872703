package org.cmoportal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.account.AccountWorld.minor;

import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Html;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The conservation identity of economics.md after real distributions (the workflow through the API), with payments and
 * a return in the ledger; and a figure tampered with behind the application's back, which the check must name.
 */
@QuarkusTest
class ConservationTest {

    static List<List<Filings.Line>> usage() {
        return List.of(
                List.of(new Filings.Line("news", "alice", 3), new Filings.Line("news", "bob", 1), new Filings.Line("news", "zed", 3),
                        new Filings.Line("code", "alice", 1), new Filings.Line("code", "carol", 1)),
                List.of(new Filings.Line("news", "bob", 7), new Filings.Line("code", "bob", 2)));
    }

    @Test
    void theIdentityHoldsAfterDistributionsPaymentsAndReturns() {
        AccountWorld world = AccountWorld.create();
        JsonPath q1 = world.distribute("2027-Q1", "1250000.00", usage());
        JsonPath q2 = world.distribute("2027-Q2", "333333.33", usage());
        // what payment runs and the bank would post: alice is paid her balance, bob part of his, one payment comes back
        long alice = world.balanceInDb("alice");
        world.post("alice", "PAID", -alice, null, "payment_run", 1, "Payment run 1");
        world.post("bob", "PAID", -1000, null, "payment_run", 1, "Payment run 1");
        world.post("bob", "RETURNED", 1000, null, "payment_return", 1, "Returned: account closed");

        JsonPath c = world.api("nadia").get("/conservation").then().statusCode(200).extract().jsonPath();
        long gross = minor(q1.getString("tenantGross")) + minor(q2.getString("tenantGross"));
        long fees = minor(q1.getString("fees")) + minor(q2.getString("fees"));
        long suspense = minor(q1.getString("suspense")) + minor(q2.getString("suspense"));
        long distributed = minor(q1.getString("paid")) + minor(q2.getString("paid"));
        assertThat(minor(c.getString("grossDistributed"))).isEqualTo(gross).isPositive();
        assertThat(minor(c.getString("fees"))).isEqualTo(fees);
        assertThat(minor(c.getString("suspenseHeld"))).isEqualTo(suspense).isPositive();
        assertThat(minor(c.getString("paid"))).isEqualTo(alice + 1000);
        assertThat(minor(c.getString("returned"))).isEqualTo(1000);
        assertThat(minor(c.getString("balances"))).isEqualTo(distributed - alice - 1000 + 1000);
        assertThat(c.getBoolean("holds")).isTrue();
        assertThat(c.getString("difference")).isEqualTo("0.00");
        assertThat(c.getList("where")).isEmpty();

        Document page = Jsoup.parse(AccountWorld.as("nadia").get("/t/" + world.tenant + "/admin/conservation").then().statusCode(200)
                .extract().asString());
        assertThat(page.select("#verdict.identity-holds").text()).startsWith("It holds.");
        assertThat(page.select("#gross").text()).isEqualTo(Amounts.formatGrouped(gross, AccountWorld.USD));
        assertThat(page.select("table.periods tbody tr")).hasSize(2);
    }

    @Test
    void aTamperedFigureShowsTheDifferenceAndWhereItIs() {
        AccountWorld world = AccountWorld.create();
        world.distribute("2027-Q1", "1250000.00", usage());
        world.distribute("2027-Q2", "250000.00", usage());
        assertThat(world.api("nadia").get("/conservation").then().extract().jsonPath().getBoolean("holds")).isTrue();

        // someone with the owner's rights credits bob 12.34 for 2027-Q2 that no distribution gave him
        world.post("bob", "EARNED", 1234, "2027-Q2", "tamper", 1, "Distribution of 2027-Q2");

        JsonPath c = world.api("nadia").get("/conservation").then().statusCode(200).extract().jsonPath();
        assertThat(c.getBoolean("holds")).isFalse();
        assertThat(c.getString("difference")).isEqualTo("-12.34");
        assertThat(c.getList("where", Map.class)).singleElement().satisfies(w -> {
            assertThat(w.get("where")).isEqualTo("period 2027-Q2");
            assertThat(w.get("amount")).isEqualTo("-12.34");
            assertThat((String) w.get("what")).contains("EARNED entries for 2027-Q2");
        });

        Document page = Jsoup.parse(AccountWorld.as("nadia").get("/t/" + world.tenant + "/admin/conservation").then().statusCode(200)
                .extract().asString());
        assertThat(page.select("#verdict.identity-breaks").text()).contains("the difference is -12.34 USD");
        assertThat(page.select("table.findings tbody tr").text()).contains("period 2027-Q2").contains("-12.34");
        assertThat(Html.text(page.select("table.periods").outerHtml())).contains("no");

        // an adjustment and a release with nothing recorded on the CMO's side for their cause are named too; the
        // parts add up
        world.post("alice", "ADJUSTED", -500, "2027-Q2", "dispute", 7, "Dispute 7");
        world.post("carol", "RELEASED", 200, "2027-Q1", "gift", 1, "Not a claim");
        JsonPath again = world.api("nadia").get("/conservation").then().statusCode(200).extract().jsonPath();
        assertThat(again.getString("difference")).isEqualTo("-9.34");
        List<Map<String, String>> where = again.getList("where");
        assertThat(where).extracting(w -> w.get("where")).containsExactly("period 2027-Q2", "dispute 7", "gift 1");
        assertThat(where.stream().mapToLong(w -> minor(w.get("amount"))).sum()).isEqualTo(-934);
    }

    @Test
    void onlyTheTenantsAdministratorsReadIt() {
        AccountWorld world = AccountWorld.create();
        world.api("cora").get("/conservation").then().statusCode(404);
        world.api("alice").get("/conservation").then().statusCode(403);
        AccountWorld.as("alice").redirects().follow(false).get("/t/" + world.tenant + "/admin/conservation").then().statusCode(403);
    }
}
