package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.KeycloakProfile;
import org.cmoportal.testsupport.KeycloakServer;
import org.cmoportal.testsupport.PlaywrightBrowser;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The whole money flow in Debian's Chromium, every person signing in with a password on Keycloak's own
 * page: a builder files with a usage CSV and sees the preview; one administrator closes the period,
 * accepts the filing and calculates; a second approves and distributes; a member opens the statement,
 * unfolds the calculation trail and downloads the CSV and the PDF. Each step leaves a screenshot in
 * {@code target/e2e-screenshots/}.
 */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class WorkflowInChromiumTest {

    /** 127.0.0.1: Keycloak's client accepts a loopback redirect on any port. */
    private static String app() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    @Test
    void builderFilesAdminsDistributeAndTheMemberReadsTheStatement() throws IOException {
        String label = Unique.name("e2e");
        given().auth().oauth2(KeycloakServer.passwordGrant("nadia", "demo")).contentType("application/json")
                .body("{\"label\":\"" + label + "\"}").post("/api/v1/tenants/newsguild/periods").then().statusCode(201);
        String board = "/t/newsguild/admin/periods/" + label;
        String model = "e2e-model-" + label.substring(label.indexOf('-') + 1);

        try (PlaywrightBrowser bruno = signIn("bruno", "/t/newsguild/periods/" + label + "/filings/new")) {
            Page page = bruno.page;
            shot(bruno, "01-builder-filing-form");
            page.fill("input[name=model]", model);
            page.fill("input[name=dataValueShare]", "0.30");
            page.fill("input[name=revenue]", "1250000.00");
            page.fill("input[name=servingCost]", "400000.00");
            page.fill("input[name=postTrainingCost]", "100000.00");
            fillWeights(page);
            Locator gross = page.locator("#preview-gross");
            page.waitForCondition(() -> !gross.innerText().contains("—"));
            // operating profit 750,000.00, pool 30 % = 225,000.00, news 25 % of it
            assertThat(gross.innerText().replace(",", "")).contains("56250.00");
            shot(bruno, "02-builder-preview");
            page.setInputFiles("#filing-form input[name=usage]", new FilePayload("usage.csv", "text/csv",
                    "category,member_ref,units\nnews,alice,3\nnews,bob,1\n".getBytes(StandardCharsets.UTF_8)));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit the filing")).click();
            page.waitForURL(Pattern.compile(".*/filings/\\d+.*"));
            assertThat(page.content()).contains(model);
            shot(bruno, "03-builder-filed");
        }

        try (PlaywrightBrowser nadia = signIn("nadia", board)) {
            Page page = nadia.page;
            shot(nadia, "04-admin-one-board");
            button(page, "Close the period").click();
            Locator decide = page.locator("#filing-" + filingId(page, model) + " summary");
            decide.waitFor();
            shot(nadia, "05-admin-one-closed");
            decide.click();
            page.locator("input[name=justification]").first().fill("Usage and mixture checked against the model card.");
            page.locator("form[action$='/accept'] button").first().click();
            Locator calculate = button(page, "Calculate the distribution");
            page.waitForCondition(() -> calculate.isEnabled());
            shot(nadia, "06-admin-one-accepted");
            calculate.click();
            page.locator("form[action$='/approve']").waitFor();
            shot(nadia, "07-admin-one-calculated");
        }

        try (PlaywrightBrowser noah = signIn("noah", board)) {
            Page page = noah.page;
            page.locator("form[action$='/approve'] button").click();
            Locator distribute = button(page, "Distribute and publish statements");
            distribute.waitFor();
            shot(noah, "08-admin-two-approved");
            distribute.click();
            page.waitForCondition(() -> page.content().contains("DISTRIBUTED"));
            shot(noah, "09-admin-two-distributed");
        }

        // alice's CMOs come ten at a time, and the suite's database has many: she finds the news guild by its slug
        try (PlaywrightBrowser alice = signIn("alice", "/member?cmosQ=newsguild")) {
            Page page = alice.page;
            shot(alice, "10-member-home");
            page.locator("tr", new Page.LocatorOptions().setHasText(label)).locator("a[href*='/statements/']").first().click();
            page.waitForURL(Pattern.compile(".*/t/newsguild/statements/\\d+"));
            assertThat(page.content()).contains(model);
            shot(alice, "11-member-statement");
            page.locator("a.how").first().click();
            Locator trail = page.locator("td[id^=trail-]").first();
            page.waitForCondition(() -> !trail.innerText().isBlank());
            assertThat(trail.innerText()).containsIgnoringCase("operating profit");
            shot(alice, "12-member-trail");

            Download csv = page.waitForDownload(() -> page.getByText("Download CSV").click());
            String csvText = Files.readString(csv.path(), StandardCharsets.UTF_8);
            assertThat(csvText).contains(model);
            Download pdf = page.waitForDownload(() -> page.getByText("Download PDF").click());
            byte[] pdfBytes = Files.readAllBytes(pdf.path());
            assertThat(new String(pdfBytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            shot(alice, "13-member-downloads");
        }
    }

    /** A new Chromium that opens {@code path} and signs in as {@code username} on Keycloak's login page. */
    private PlaywrightBrowser signIn(String username, String path) {
        return PlaywrightBrowser.open(app()).signInOnKeycloak(username, "demo", path);
    }

    /** news 0.25 and other 0.75, in the rows the form offers (adding one if it offers fewer than two). */
    private static void fillWeights(Page page) {
        Locator categories = page.locator("input[name=weightCategory]");
        while (categories.count() < 2) {
            int before = categories.count();
            page.click("text=Add a category");
            page.waitForCondition(() -> categories.count() > before);
        }
        Locator weights = page.locator("input[name=weightValue]");
        categories.nth(0).fill("news");
        weights.nth(0).fill("0.25");
        categories.nth(1).fill("other");
        weights.nth(1).fill("0.75");
    }

    /** The id of the board's row for the model (rows are {@code tr#filing-<id>}). */
    private static String filingId(Page page, String model) {
        String id = page.locator("tr[id^=filing-]", new Page.LocatorOptions().setHasText(model)).first().getAttribute("id");
        return id.substring("filing-".length());
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    private static void shot(PlaywrightBrowser browser, String name) {
        browser.screenshot("workflow-" + name);
    }
}
