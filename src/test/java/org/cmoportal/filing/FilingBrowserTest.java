package org.cmoportal.filing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.PlaywrightBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A builder files in the browser: fills the form, watches the preview, uploads the usage and reads the filing. */
@QuarkusTest
class FilingBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    @Test
    void aBuilderFillsTheFormSeesThePreviewAndSubmits() throws IOException {
        String period = IntakeFixture.openPeriod("newsguild");
        Path usage = Files.createTempFile("usage", ".csv");
        Files.writeString(usage, "category,member_ref,units\nnews,alice,3\nnews,bob,1\nnews,zed,3\n");
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn("bruno", "/builder").page;
            page.click("a[href='/t/newsguild/periods/" + period + "/filings/new']");
            page.waitForURL("**/filings/new");
            PlaywrightBrowser.htmxReady(page, "#filing-form");

            page.fill("input[name=model]", "acme-llm-7");
            page.fill("input[name=revenue]", "1250000.00");
            page.fill("input[name=servingCost]", "400000.00");
            page.fill("input[name=postTrainingCost]", "100000.00");
            page.fill("input[name=dataValueShare]", "0.30");
            // the pool shows before the mixture is complete
            assertThat(page.locator("#preview-pool")).containsText("225,000.00");
            assertThat(page.locator("#preview-profit")).containsText("750,000.00");

            b.screenshot("filing-form-empty");
            Locator rows = page.locator("#weight-rows tr");
            assertThat(rows).hasCount(2); // the CMO's category and "other"
            rows.nth(0).locator("input[name=weightValue]").fill("0.25");
            rows.nth(1).locator("input[name=weightValue]").fill("0.20");
            assertThat(page.locator("#weight-sum")).containsText("0.45 (0.55 short of 1)");

            page.click("text=Add a category");
            assertThat(rows).hasCount(3);
            rows.nth(2).locator("input[name=weightCategory]").fill("code");
            rows.nth(2).locator("input[name=weightValue]").fill("0.40");
            page.click("text=Add a category");
            assertThat(rows).hasCount(4);
            rows.nth(3).locator("input[name=weightCategory]").fill("junk");
            rows.nth(3).locator("input[name=weightValue]").fill("0.5");
            assertThat(page.locator("#weight-sum")).containsText("1.35 (0.35 over 1)");
            rows.nth(3).locator("button").click(); // remove the junk row: the preview follows
            assertThat(rows).hasCount(3);
            assertThat(page.locator("#weight-sum")).containsText("0.85 (0.15 short of 1)");
            page.click("text=Add a category");
            rows.nth(3).locator("input[name=weightCategory]").fill("books");
            rows.nth(3).locator("input[name=weightValue]").fill("0.15");

            assertThat(page.locator("#weight-sum")).containsText("Weights sum to 1.");
            assertThat(page.locator("#preview-gross")).containsText("56,250.00");
            assertThat(page.locator("#preview table")).containsText("90,000.00"); // code's part, not this CMO's
            // the preview and the row buttons swap in fragments: none of their addresses goes into the history
            assertThat(page).hasURL(Pattern.compile(".*/filings/new$"));
            b.screenshot("filing-form-preview");

            page.setInputFiles("#filing-form input[name=usage]", usage);
            page.click("#filing-form button[type=submit]");
            page.waitForURL(Pattern.compile(".*/t/newsguild/periods/" + Pattern.quote(period) + "/filings/\\d+$"));
            assertThat(page.locator("#filing-status")).hasText("SUBMITTED");
            assertThat(page.locator("#tenant-gross")).hasText("56,250.00");
            assertThat(page.locator("#categories")).containsText("50,625.00");
            // one ref of the usage is no member: whether refs are members is the CMO's to know, not the builder's
            assertThat(page.locator("body")).not().containsText("match no member");
            b.screenshot("filing-submitted");

            page.navigate(b.url("/builder"));
            assertThat(page.locator("table.filings").first()).containsText("acme-llm-7");
        } finally {
            Files.deleteIfExists(usage);
        }
    }

    @Test
    void aRefusedUploadShowsEveryProblemAndAnotherOrganisationsFilingIsNotFound() throws IOException {
        String period = IntakeFixture.openPeriod("newsguild");
        Path json = Files.createTempFile("filing", ".json");
        Path usage = Files.createTempFile("usage", ".csv");
        Files.writeString(json, FilingApiTest.EXAMPLE.replace("\"0.40\"", "\"0.45\""));
        Files.writeString(usage, "category,member_ref,units\nnews,alice,3\nsports,bob,1\n");
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn("bruno", "/t/newsguild/periods/" + period + "/filings/new").page;
            page.setInputFiles("#files-form input[name=filing]", json);
            page.setInputFiles("#files-form input[name=usage]", usage);
            page.click("#files-form button[type=submit]");
            Locator problems = page.locator("section:has(#files-h) .problems");
            assertThat(problems).containsText("the weights sum to 1.05; they must sum to exactly 1 (0.05 over 1)");
            assertThat(problems).containsText("usage.csv line 3");
            // the refusal is shown where the form was; the address it was posted to renders no page
            assertThat(page).hasURL(Pattern.compile(".*/filings/new$"));
            b.screenshot("filing-files-refused");
            assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();

            long rival = FilingApiTest.rivalFiling(period);
            com.microsoft.playwright.Response r = page.navigate(b.url("/t/newsguild/periods/" + period + "/filings/" + rival));
            assertThat(r.status()).isEqualTo(404);
        } finally {
            Files.deleteIfExists(json);
            Files.deleteIfExists(usage);
        }
    }
}
