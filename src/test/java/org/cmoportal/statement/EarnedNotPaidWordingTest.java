package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A distribution earns; only a payment run pays. Where nothing has left the CMO's bank, no page, PDF or chart may say
 * "paid" of what was distributed: the member's home, the statement page and its PDF, the administrator's statements.
 */
@QuarkusTest
class EarnedNotPaidWordingTest {

    /** "paid" as a word, in any case: the old pages said "Paid to you", "paid to Alice", "Paid.", "nothing paid". */
    static final Pattern PAID = Pattern.compile("(?i)\\bpaid\\b");

    @Inject
    StatementFixture fixture;

    StatementFixture.Result world;

    @BeforeEach
    void setUp() {
        world = fixture.standard("nadia", "stmt-builder");
    }

    @Test
    void theMemberHomeSaysEarnedAndDistributedNeverPaid() {
        Document home = Jsoup.parse(as("bob").queryParam("cmosQ", world.tenant()).get("/member").then().statusCode(200).extract().asString());
        Element section = home.select("section.card").stream().filter(s -> s.text().contains(world.tenantName())).findFirst().orElseThrow();
        // the one sentence about payments says what "paid" means, and is the only place the word appears
        Element note = section.select("p:has(small.muted)").first();
        assertThat(note.text()).contains("it is paid when " + world.tenantName() + " runs a payment");
        note.remove();
        assertThat(section.text()).doesNotContainPattern(PAID);
        assertThat(section.select(".lifetime").text()).startsWith("Distributed to you by " + world.tenantName() + " so far:");
        assertThat(section.select(".badge.earned")).hasSize(2);
        assertThat(section.select("svg title").eachText()).contains("Your earnings by period");
        assertThat(section.select("a[href=/member/account]")).hasSize(1);
    }

    @Test
    void theStatementPageAndPdfSayDistributedAndLeavePaidToTheAccount() throws Exception {
        long id = world.period("2026-Q3").statementIds().get("alice");
        for (String user : List.of("alice", "nadia")) {
            String path = user.equals("alice") ? "/t/" + world.tenant() + "/statements/" + id : "/t/" + world.tenant() + "/admin/statements/" + id;
            Document page = Jsoup.parse(as(user).get(path).then().statusCode(200).extract().asString());
            // "paid" belongs to the account section alone, where it means a payment run
            page.select("section.account-summary").remove();
            assertThat(page.select("main").text()).as(user).doesNotContainPattern(PAID);
            assertThat(page.select("dl.topdown .total dt").text()).isEqualTo("Distributed to you");
            assertThat(page.select(".status-earned").text()).startsWith("Earned.");
            assertThat(page.select("table.lines tfoot th").text()).isEqualTo("Total distributed to you");
            assertThat(page.select("svg title").eachText()).contains("Earned by category", "Earned by builder");

            byte[] pdf = as(user).get(path + "/pdf").then().statusCode(200).extract().asByteArray();
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(doc);
                String beforeAccount = text.substring(0, text.indexOf("Your account"));
                assertThat(beforeAccount).contains("Distributed to you").doesNotContainPattern(PAID);
            }
        }
    }

    @Test
    void theAdministratorsPeriodPageSaysDistributedToMembers() {
        Document period = Jsoup.parse(as("nadia").get("/t/" + world.tenant() + "/admin/statements/periods/2026-Q3").then().statusCode(200)
                .extract().asString());
        assertThat(period.select(".stats").text()).contains("distributed to members").doesNotContainPattern(PAID);
        assertThat(period.select("svg.flow").text()).contains("Distributed to members").doesNotContainPattern(PAID);
    }
}
