package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Signs in through the login page in Chromium, opens a statement and the money flow, and keeps screenshots. */
@QuarkusTest
class StatementScreenshotsTest {

    static final Path SHOTS = Path.of("target", "e2e-screenshots");
    static Playwright playwright;
    static Browser chromium;

    @Inject
    StatementFixture fixture;

    @TestHTTPResource("/")
    URL app;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
                .setHeadless(true).setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    Page signIn(String user) {
        BrowserContext context = chromium.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        page.navigate(url("/home"));
        page.locator("button[value=\"" + user + "\"]").click();
        page.waitForURL(u -> !u.contains("/login") && !u.contains("/authorize"));
        return page;
    }

    String url(String path) {
        return app.toString().replaceAll("/$", "") + path;
    }

    @Test
    void aMembersStatementWithItsTrailOpen() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        long id = world.period("2026-Q3").statementIds().get("alice");
        Page page = signIn("alice");
        page.navigate(url("/t/" + world.tenant() + "/statements/" + id));
        assertThat(page.locator("h1").textContent()).contains("Statement 2026-Q3");
        page.locator("tr:has-text(\"acme-llm-7\"):has-text(\"News\") a.how").click();
        page.locator(".trail").first().waitFor();
        assertThat(page.locator(".trail .step-result").last().textContent()).isEqualTo("21,696.43");
        assertThat(page.url()).endsWith("/statements/" + id); // swapped in place, no navigation
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("member-statement.png")).setFullPage(true));

        page.navigate(url("/member"));
        assertThat(page.locator("svg[role=img]").count()).isGreaterThanOrEqualTo(3);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("member-home.png")).setFullPage(true));
        page.context().close();
    }

    @Test
    void anAdministratorsMoneyFlow() {
        StatementFixture.Result world = fixture.standard("nadia", "stmt-builder");
        Page page = signIn("nadia");
        page.navigate(url("/t/" + world.tenant() + "/admin/statements/periods/2026-Q3"));
        assertThat(page.locator("svg.flow title").first().textContent()).isEqualTo("Where the period's money went");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("admin-money-flow.png")).setFullPage(true));
        page.context().close();

        Page builder = signIn("stmt-builder");
        builder.navigate(url("/t/" + world.tenant() + "/builder/statements/2026-Q3"));
        builder.locator("a.how").first().click();
        builder.locator(".trail").first().waitFor();
        builder.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("builder-statement.png")).setFullPage(true));
        builder.context().close();
    }
}
