package org.cmoportal.home;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.PlaywrightBrowser;
import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The member's home with more CMOs than a page, in Chromium: axe-core finds no serious or critical WCAG 2.2 A or AA
 * violation on it (the accessibility sweep's member has too few CMOs to see the pages); typing in the CMOs' search swaps
 * them in and puts the searched address in the bar, the statements' search then keeps the CMOs' search, a reload shows
 * the whole page so searched, and the CMOs' "Next page" turns their page.
 */
@QuarkusTest
class MemberHomeCmoPagesBrowserTest {

    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    @TestHTTPResource("/")
    URL base;

    @Test
    void thePagesOfCmosMeetWcagAndTheirSearchKeepsTheAddressWhole() {
        MemberHomeCmoPagesTest.made();
        String marker = MemberHomeCmoPagesTest.marker;
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn(MemberHomeCmoPagesTest.MEMBER, "/member").page;
            Locator glance = page.locator("table.glance tbody tr");
            assertThat(glance).hasCount(MemberHome.CMOS_PAGE);
            List<String> serious = new AxeBuilder(page).withTags(WCAG).analyze().getViolations().stream()
                    .filter(r -> Set.of("serious", "critical").contains(r.getImpact()))
                    .map(Rule::getId).toList();
            assertThat(serious).as("serious or critical axe violations on the paged member's home").isEmpty();

            page.locator("#cmos-q").pressSequentially(marker + "-c1");
            page.waitForURL(Pattern.compile(".*/member\\?cmosQ=" + Pattern.quote(marker) + "-c1$"));
            assertThat(glance).hasCount(3);
            assertThat(page.locator("#statement-lists > section")).hasCount(3);

            page.locator("#statements-q").pressSequentially("2026");
            page.waitForURL(u -> u.contains("q=2026") && u.contains("cmosQ=" + marker + "-c1"));
            assertThat(glance).hasCount(3);

            page.reload();
            assertThat(page.locator("h1")).hasText("My statements");
            assertThat(page.locator("header.site-header nav[aria-label=Main]")).isVisible();
            assertThat(page.locator("#cmos-q")).hasValue(marker + "-c1");
            assertThat(page.locator("#statements-q")).hasValue("2026");
            assertThat(glance).hasCount(3);

            page.navigate(b.url("/member"));
            page.locator("nav[aria-label='Pages of CMOs'] a[rel=next]").click();
            page.waitForURL(Pattern.compile(".*/member\\?cmosPage=2$"));
            assertThat(glance).hasCount(MemberHomeCmoPagesTest.MADE - MemberHome.CMOS_PAGE);
        }
    }
}
