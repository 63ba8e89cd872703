package org.cmoportal.member;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.PlaywrightBrowser;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Searching as one types swaps in the list's fragment, and the address bar then holds the list's own address with its
 * search: a reload (or the link shared) shows the whole page, searched, never the bare fragment.
 */
@QuarkusTest
class MemberSearchBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void typingASearchPutsTheSearchedListsAddressInTheBarAndAReloadShowsTheWholePage() {
        try (PlaywrightBrowser b = PlaywrightBrowser.open(base.toString())) {
            Page page = b.signIn("nadia", "/t/newsguild/admin").page;
            page.navigate(b.url("/t/newsguild/admin/members"));
            Locator rows = page.locator("#member-rows tbody tr");
            assertThat(rows.first()).isVisible();
            int before = rows.count();

            page.locator("#members-q").pressSequentially("bob");
            // typing adds no history entry: the bar's address is replaced by the list's, with the search
            page.waitForURL(Pattern.compile(".*/t/newsguild/admin/members\\?q=bob$"));
            assertThat(page.locator("#member-rows")).containsText("bob");
            for (String row : rows.allInnerTexts()) {
                assertThat(row.toLowerCase()).contains("bob");
            }
            assertThat(rows.count()).isLessThan(before);

            page.reload();
            // the whole page, with its layout and the search shown again, not the fragment
            assertThat(page.locator("h1")).hasText("Members");
            assertThat(page.locator("nav").first()).isVisible();
            assertThat(page.locator("#members-q")).hasValue("bob");
            for (String row : rows.allInnerTexts()) {
                assertThat(row.toLowerCase()).contains("bob");
            }

            // one step back is the page before the list: no history entry was added per keystroke
            page.goBack();
            assertThat(page).hasURL(Pattern.compile(".*/t/newsguild/admin$"));
        }
    }
}
