package org.cmoportal.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * A headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright, for tests that use the pages as a
 * person would: sign in through the test OIDC provider's login page (or Keycloak's), click, type, and keep
 * screenshots in {@code target/e2e-screenshots/}. The one place a test launches a browser, so every browser test
 * runs with the same flags: headless, no sandbox (containers and CI run as root), no GPU, and nothing that
 * reaches out to the network by itself.
 */
public final class PlaywrightBrowser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    static final String CHROMIUM = "/usr/bin/chromium";
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    private final BrowserContext context;
    private final String baseUrl;
    public final Page page;

    private PlaywrightBrowser(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.playwright = Playwright.create();
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(CHROMIUM)).setHeadless(true).setArgs(FLAGS));
        this.context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 1000));
        this.page = context.newPage();
        page.setDefaultTimeout(20_000);
    }

    /** A new browser for the app at {@code baseUrl} (a test's {@code @TestHTTPResource("/")}). */
    public static PlaywrightBrowser open(String baseUrl) {
        return new PlaywrightBrowser(baseUrl);
    }

    /** The full URL of an app path. */
    public String url(String path) {
        return baseUrl + path;
    }

    /** Opens {@code path}, signs in as {@code username} on the dev provider's login page, and waits to be back at the path. */
    public PlaywrightBrowser signIn(String username, String path) {
        page.navigate(url(path));
        page.click("button[value=\"" + username + "\"]");
        page.waitForURL(u -> u.startsWith(baseUrl) && u.contains(path));
        return this;
    }

    /** Opens {@code /home}, signs in as {@code username} on the dev provider's login page, and waits to leave the provider's pages. */
    public PlaywrightBrowser signIn(String username) {
        page.navigate(url("/home"));
        page.locator("button[value=\"" + username + "\"]").click();
        page.waitForURL(u -> !u.contains("/login") && !u.contains("/authorize"));
        return this;
    }

    /** Opens {@code path}, signs in as {@code username} with a password on Keycloak's own page, and waits to be back at the path. */
    public PlaywrightBrowser signInOnKeycloak(String username, String password, String path) {
        page.navigate(url(path));
        page.waitForURL(u -> u.startsWith(KeycloakServer.REALM_URL));
        page.fill("#username", username);
        page.fill("#password", password);
        page.click("#kc-login");
        page.waitForURL(u -> u.startsWith(baseUrl) && u.contains(path));
        return this;
    }

    /**
     * Another person in this same Chromium: a context of their own (cookies apart, as in a browser of their own) with
     * one page of the given size. Cheaper than a second browser when a test signs in many people.
     */
    public Page newPerson(int width, int height) {
        Page other = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(width, height)).newPage();
        other.setDefaultTimeout(20_000);
        return other;
    }

    /** Signs {@code username} in on {@code other} (a page of {@link #newPerson}) through the dev provider's login page. */
    public Page signIn(Page other, String username) {
        other.navigate(url("/home"));
        other.locator("button[value=\"" + username + "\"]").click();
        other.waitForURL(u -> !u.contains("/login") && !u.contains("/authorize"));
        return other;
    }

    /** Saves a full-page screenshot of {@code other} as {@code target/e2e-screenshots/<name>.png} and returns its path. */
    public static Path screenshot(Page other, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        other.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true).setTimeout(60_000));
        return file;
    }

    /**
     * Waits until htmx has taken up the element {@code selector} (its triggers bound). A boosted link swaps the new page
     * in and moves the address before htmx has processed the swapped content; a change made in that moment sends no
     * request, and on a loaded machine the moment is long enough for a test to fall into it.
     */
    public static void htmxReady(Page page, String selector) {
        page.waitForFunction("s => { const e = document.querySelector(s); const d = e && e['htmx-internal-data']; return !!(d && d.initHash); }",
                selector);
    }

    /** Saves a full-page screenshot as {@code target/e2e-screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        // A full page is evidence, not the test's subject: a long one (a member's home in the suite's crowded database)
        // took more than the page's 20 s to capture on a loaded machine, so its capture gets a minute of its own.
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true).setTimeout(60_000));
        return file;
    }

    @Override
    public void close() {
        context.close();
        browser.close();
        playwright.close();
    }
}
