package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.web.Formats;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Members read why an approved payment run carried their balance forward (economics.md, "Payment runs"): on their
 * accounts across CMOs, on the account page, on the administrator's view of it and in the account API; only for the
 * latest approved run, and only their own.
 */
@QuarkusTest
class CarriedForwardTest {

    /** kim (alice): no bank account; lou (bob): below the minimum; max (dave): paid; ned (erin): through ori (carol), who has none. */
    static PayCmo world() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("kim", "alice");
        members.put("lou", "bob");
        members.put("max", "dave");
        members.put("ned", "erin");
        members.put("ori", "carol");
        PayCmo cmo = PayCmo.create("EUR", members);
        cmo.earn("kim", 5_000);
        cmo.earn("lou", 500);
        cmo.earn("max", 10_000);
        cmo.earn("ned", 4_000);
        cmo.putAccount("nadia", "lou", "Lou Example", PaymentRunsTest.NL, null).then().statusCode(200);
        cmo.putAccount("nadia", "max", "Max Example", PaymentRunsTest.DE, null).then().statusCode(200);
        cmo.api("erin").body(Map.of("representative", "ori")).put("/members/ned/representative").then().statusCode(200);
        cmo.api("carol").post("/members/ned/representative/accept").then().statusCode(200).body("state", equalTo("ACCEPTED"));
        cmo.api("nadia").body(Map.of("minimumPayout", "10.00")).patch("").then().statusCode(200);
        return cmo;
    }

    static long run(PayCmo cmo) {
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.approve("noah", id).then().statusCode(200).body("state", equalTo("APPROVED"));
        return id;
    }

    static Document page(String user, String path) {
        return page(user, path, "en-GB");
    }

    /** The page as a browser asking for {@code language} ({@code Accept-Language}) reads it. */
    static Document page(String user, String path, String language) {
        return Jsoup.parse(DevTokens.as(user).header("Accept-Language", language).get(path).then().statusCode(200).extract().asString());
    }

    static Element section(Document page, String tenantName) {
        return page.select("section.card").stream().filter(s -> s.select("h2").text().equals(tenantName)).findFirst().orElseThrow();
    }

    @Test
    void aMemberWithoutABankAccountIsToldSoWithTheWayToAddOne() {
        PayCmo cmo = world();
        long id = run(cmo);
        // an entry after the run changes the balance; the run's decision is still the one shown, with its date
        cmo.earn("kim", 1_00);
        Instant at = Instant.parse(cmo.api("nadia").get("/payment-runs/" + id).then().statusCode(200).extract().jsonPath()
                .getString("approvedAt"));
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // the day is written in the viewer's language (here en-GB, "4 Mar 2027"), with the ISO day for machines
        String said = "Carried forward in payment run " + id + " of " + Formats.date(day, Locale.UK) + ": no bank account on file — add one.";

        Element overview = section(page("alice", "/member/account"), "Payments Guild " + cmo.slug);
        assertThat(overview.select("p.carried").text()).startsWith(said).contains("The 50.00 EUR it carried");
        assertThat(overview.select("p.carried a").attr("href")).isEqualTo(Routes.memberPayee(cmo.slug, "kim"));

        Document account = page("alice", Routes.memberAccount(cmo.slug, "kim"));
        assertThat(account.select("p.carried").text()).startsWith(said);
        assertThat(account.select("p.carried a").attr("href")).isEqualTo(Routes.memberPayee(cmo.slug, "kim"));
        assertThat(account.select("#balance").text()).isEqualTo("51.00");

        assertThat(account.select("p.carried time").attr("datetime")).isEqualTo(day.toString());
        // a German reader reads the same day as Germans write it ("04.03.2027"), never the English form
        String german = Formats.date(day, Locale.GERMAN);
        assertThat(german).isNotEqualTo(Formats.date(day, Locale.UK));
        assertThat(page("alice", Routes.memberAccount(cmo.slug, "kim"), "de-DE,de;q=0.9").select("p.carried").text())
                .startsWith("Carried forward in payment run " + id + " of " + german + ":");
        assertThat(section(page("alice", "/member/account", "de"), "Payments Guild " + cmo.slug).select("p.carried time").text())
                .isEqualTo(german);

        Document admin = page("nadia", "/t/" + cmo.slug + "/admin/accounts/kim");
        assertThat(admin.select("p.carried").text()).startsWith(said);
        assertThat(admin.select("p.carried a").attr("href")).isEqualTo(Routes.adminPayee(cmo.slug, "kim"));

        JsonPath api = cmo.api("alice").get("/members/kim/account").then().statusCode(200).extract().jsonPath();
        assertThat(api.getLong("carried.run")).isEqualTo(id);
        assertThat(api.getString("carried.why")).isEqualTo("NO_BANK_ACCOUNT");
        assertThat(api.getString("carried.balance")).isEqualTo("50.00");
        assertThat(Instant.parse(api.getString("carried.at"))).isEqualTo(at);

        // the representative's missing account is the reason for the member it would pay
        Document ned = page("erin", Routes.memberAccount(cmo.slug, "ned"));
        assertThat(ned.select("p.carried").text()).contains("no bank account on file for your representative ori")
                .contains("change who is paid");
        assertThat(ned.select("p.carried a").attr("href")).isEqualTo(Routes.memberPayee(cmo.slug, "ned"));
    }

    @Test
    void aMemberBelowTheMinimumIsToldTheMinimumAndAPaidMemberNothing() {
        PayCmo cmo = world();
        long id = run(cmo);
        Document lou = page("bob", Routes.memberAccount(cmo.slug, "lou"));
        assertThat(lou.select("p.carried").text()).startsWith("Carried forward in payment run " + id + " of ")
                .contains(": below the minimum payout of 10.00 EUR.").contains("The 5.00 EUR it carried").doesNotContain("now");
        assertThat(lou.select("p.carried a")).isEmpty();
        assertThat(cmo.api("bob").get("/members/lou/account").jsonPath().getString("carried.why")).isEqualTo("BELOW_MINIMUM");

        // the run applied its minimum; a change since is told beside it
        cmo.api("nadia").body(Map.of("minimumPayout", "2.50")).patch("").then().statusCode(200);
        assertThat(page("bob", Routes.memberAccount(cmo.slug, "lou")).select("p.carried").text())
                .contains("below the minimum payout of 10.00 EUR (the minimum is 2.50 EUR now).");

        // max was paid: no sentence anywhere, and no carried in the API
        assertThat(page("dave", Routes.memberAccount(cmo.slug, "max")).select("p.carried")).isEmpty();
        assertThat(section(page("dave", "/member/account"), "Payments Guild " + cmo.slug).text()).doesNotContain("Carried forward");
        assertThat(page("nadia", "/t/" + cmo.slug + "/admin/accounts/max").select("p.carried")).isEmpty();
        cmo.api("dave").get("/members/max/account").then().statusCode(200).body("containsKey('carried')", equalTo(false));
    }

    @Test
    void anotherMembersReasonIsNeverShownAndTheLatestRunDecides() {
        PayCmo cmo = world();
        run(cmo);
        // bob holds lou only: kim's account, page and reason are not his
        DevTokens.as("bob").get(Routes.memberAccount(cmo.slug, "kim")).then().statusCode(404);
        cmo.api("bob").get("/members/kim/account").then().statusCode(404);
        Element bobs = section(page("bob", "/member/account"), "Payments Guild " + cmo.slug);
        assertThat(bobs.select("p.carried")).hasSize(1);
        assertThat(bobs.text()).doesNotContain("no bank account on file").doesNotContain("50.00");

        // kim adds an account and the next run pays: the earlier run's reason is no longer the account's
        cmo.putAccount("alice", "kim", "Kim Example", PaymentRunsTest.GB, null).then().statusCode(200);
        long next = run(cmo);
        assertThat(cmo.balance("kim")).isZero();
        assertThat(page("alice", Routes.memberAccount(cmo.slug, "kim")).select("p.carried")).isEmpty();
        cmo.api("alice").get("/members/kim/account").then().statusCode(200).body("containsKey('carried')", equalTo(false));
        // lou is still below the minimum: the reason now names the new run
        assertThat(page("bob", Routes.memberAccount(cmo.slug, "lou")).select("p.carried").text())
                .startsWith("Carried forward in payment run " + next + " of ");
    }
}
