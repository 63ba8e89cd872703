package org.cmoportal.valuation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.net.URL;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.cmoportal.testsupport.PlaywrightBrowser;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.verification.FilingFixture;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** An evaluator uses the calculator in the browser: the result and the chart follow the numbers as they are typed. */
@QuarkusTest
class ValuationBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    FilingFixture filings;

    @Test
    void theResultsFollowTheNumbersWithoutLeavingThePage() {
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn("eva", "/evaluator").page;
            page.click("text=Scaling-law calculator");
            page.waitForURL("**/valuation/scaling-law");
            PlaywrightBrowser.htmxReady(page, "#valuation-form");
            assertThat(page.locator("#valuation-share")).hasText("0.598362");
            assertThat(page.locator("#valuation-result svg polyline")).hasCount(2);
            b.screenshot("valuation-calculator");

            page.selectOption("select[name='fit.preset']", "besiroglu-2024");
            assertThat(page.locator("#valuation-share")).hasText("0.498356");
            page.fill("input[name='baseline.N0']", "7e11");
            assertThat(page.locator("#valuation-result .problems")).containsText("baseline.N0");
            assertThat(page.locator("#valuation-result svg")).hasCount(0);
            page.fill("input[name='baseline.N0']", "7e9");
            assertThat(page.locator("#valuation-share")).hasText("0.498356");
            // only fragments were swapped in: the address is still the page's
            assertThat(page).hasURL(Pattern.compile(".*/valuation/scaling-law$"));
        }
    }

    @Test
    void anEvaluatorTakesAValuationFromTheCalculatorIntoItsAttestation() {
        String tenant = filings.newTenant(true);
        long filing = filings.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn("eva", "/t/" + tenant + "/evaluator/filings/" + filing).page;
            page.click("text=the scaling-law calculator");
            page.waitForURL("**/valuation/scaling-law?*");
            PlaywrightBrowser.htmxReady(page, "#valuation-form");
            page.selectOption("select[name='fit.preset']", "besiroglu-2024");
            assertThat(page.locator("#valuation-share")).hasText("0.498356");
            page.click("text=Attach this valuation to your attestation of filing " + filing);
            page.waitForURL(u -> u.contains("/evaluator/filings/" + filing));
            assertThat(page.locator("select[name='fit.preset']")).hasValue("besiroglu-2024");
            page.check("input[name=share]");
            page.fill("textarea[name=method]", "Scaling-law fit on held-out evaluations");
            page.fill("input[name=reportReference]", "report-2026-117");
            page.fill("input[name=evidenceSha256]", "a".repeat(64));
            // the browser's own check of the form passes (a SHA-256 pattern Qute once rendered as "[0-9a-fA-F]64" blocked it)
            assertThat(page.locator("#attestation-form :invalid")).hasCount(0);
            page.click("text=Record attestation");
            assertThat(page.locator("p.notice")).containsText("Your attestation was recorded");
            assertThat(page.locator("#att-h ~ p").first()).containsText("scaling-law valuation 0.498356 (Besiroglu 2024 fit, baseline N/10, D/10)");
            b.screenshot("valuation-attested-filing");
        }
    }
}
