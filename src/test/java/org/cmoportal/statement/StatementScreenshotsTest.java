package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import jakarta.inject.Inject;

import org.cmoportal.testsupport.PlaywrightBrowser;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Signs in through the login page in Chromium, opens a statement and the money flow, and keeps screenshots. */
@QuarkusTest
class StatementScreenshotsTest {

    @Inject
    StatementFixture fixture;

    @TestHTTPResource("/")
    URL app;

    /** A new browser, signed in as {@code user}: each person in a browser of their own, as in the real world. */
    PlaywrightBrowser signIn(String user) {
        return PlaywrightBrowser.open(app.toString()).signIn(user);
    }

    @Test
    void aMembersStatementWithItsTrailOpen() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        long id = world.period("2026-Q3").statementIds().get("alice");
        try (PlaywrightBrowser alice = signIn("alice")) {
            Page page = alice.page;
            page.navigate(alice.url("/t/" + world.tenant() + "/statements/" + id));
            assertThat(page.locator("h1").textContent()).contains("Statement 2026-Q3");
            page.locator("tr:has-text(\"acme-llm-7\"):has-text(\"News\") a.how").click();
            page.locator(".trail").first().waitFor();
            assertThat(page.locator(".trail .step-result").last().textContent()).isEqualTo("21,696.43");
            assertThat(page.url()).endsWith("/statements/" + id); // swapped in place, no navigation
            alice.screenshot("member-statement");

            page.navigate(alice.url("/member?cmosQ=" + world.tenant()));
            assertThat(page.locator("svg[role=img]").count()).isGreaterThanOrEqualTo(3);
            alice.screenshot("member-home");
        }
    }

    @Test
    void anAdministratorsMoneyFlow() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        try (PlaywrightBrowser nadia = signIn("nadia")) {
            Page page = nadia.page;
            page.navigate(nadia.url("/t/" + world.tenant() + "/admin/statements/periods/2026-Q3"));
            assertThat(page.locator("svg.flow title").first().textContent()).isEqualTo("Where the period's money went");
            nadia.screenshot("admin-money-flow");
        }

        try (PlaywrightBrowser builder = signIn("stmt-builder")) {
            Page page = builder.page;
            page.navigate(builder.url("/t/" + world.tenant() + "/builder/statements/2026-Q3"));
            page.locator("a.how").first().click();
            page.locator(".trail").first().waitFor();
            builder.screenshot("builder-statement");
        }
    }
}
