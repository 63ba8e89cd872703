package org.cmoportal.valuation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.net.URL;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.PlaywrightBrowser;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** An evaluator uses the calculator in the browser: the result and the chart follow the numbers as they are typed. */
@QuarkusTest
class ValuationBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theResultsFollowTheNumbersWithoutLeavingThePage() {
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn("eva", "/evaluator").page;
            page.click("text=Scaling-law calculator");
            page.waitForURL("**/valuation/scaling-law");
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
}
