package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.cmoportal.testsupport.DemoHistoryProfile;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.PlaywrightBrowser;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every page, as every role, in Debian's Chromium: axe-core against the WCAG 2.2 A and AA rules (no serious or
 * critical violation; every rule's result in {@code target/e2e-screenshots/axe-report.md}), a screenshot at 1280 and
 * at 390 px wide with no sideways scrolling on the phone, each htmx interaction followed by a reload that must show a
 * whole page; and a keyboard-only walk through filing and the two administrators' approval, focus always visible
 * and never trapped. Pages are found by following the links of each role's home and navigation (same origin, GET,
 * a bounded number per address shape), so a page another feature adds is checked once a link reaches it; a page no
 * link reaches goes into {@link #VISITORS}'s starts. The demo has its history here ({@link DemoHistoryProfile}), as a
 * newcomer sees it in dev: statements, charts, payment runs, claims, disputes and ballots to look at.
 */
@QuarkusTest
@TestProfile(DemoHistoryProfile.class)
class AccessibilityTest {

    /** WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules. */
    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");
    static final int PHONE = 390;
    static final int DESKTOP = 1280;
    static final int HEIGHT = 900;
    /** Pages checked per address shape (ids and labels alike), and at most per role: keeps the class within minutes. */
    static final int PAGES_PER_SHAPE = 1;
    static final int PAGES_PER_ROLE = 45;

    /** Who looks, as whom they sign in (null: nobody), and where they start; the crawl follows the links from there. */
    record Visitor(String role, String user, List<String> starts) {
    }

    static final List<Visitor> VISITORS = List.of(
            new Visitor("anonymous", null, List.of("/")),
            new Visitor("operator", "olivia", List.of("/home")),
            // an administrator of several CMOs lands on any one of them: the world's CMO is a start too
            new Visitor("cmo-admin", "nadia", List.of("/home", "/t/" + SweepWorld.NEWS + "/admin")),
            new Visitor("builder", "bruno", List.of("/home")),
            new Visitor("member", "alice", List.of("/home")),
            new Visitor("evaluator", "eva", List.of("/home")));

    /** Links that are not pages: downloads, sign-out, the health check, assets. */
    static final Pattern NOT_A_PAGE = Pattern.compile("/csv$|/pdf$|/payout-file$|/bank-file|^/logout|^/q/|^/static/|^/webjars/");

    private static PlaywrightBrowser chromium;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @TestHTTPResource("/")
    URL app;

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    private static SweepWorld world;

    /** The sweep's world (two CMOs, two builders, distributed and closed periods, payment runs), built once for the class. */
    private SweepWorld world() {
        if (world == null) {
            world = new SweepWorld(owner).build();
        }
        return world;
    }

    private PlaywrightBrowser chromium() {
        if (chromium == null) {
            chromium = PlaywrightBrowser.open(app.toString());
        }
        return chromium;
    }

    /** One rule's results over every page: how many pages passed it, broke it (and how badly), or left it to a person. */
    static final class RuleTally {
        final String id;
        String help = "";
        String impact = "";
        int passed;
        int violated;
        int incomplete;
        int inapplicable;
        final List<String> where = new ArrayList<>();

        RuleTally(String id) {
            this.id = id;
        }
    }

    @Test
    void everyPageAsEveryRoleMeetsWcagFitsAPhoneAndReloadsWhole() throws IOException {
        SweepWorld world = world();
        // an open period, so the builder's home links to the filing form with its preview and mixture rows
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body("{\"label\":\"" + world.label + "-o\"}").post("/api/v1/tenants/" + SweepWorld.NEWS + "/periods")
                .then().statusCode(201);

        long started = System.nanoTime();
        Map<String, RuleTally> rules = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> visited = new ArrayList<>();
        for (Visitor visitor : VISITORS) {
            Page page = chromium().newPerson(DESKTOP, HEIGHT);
            if (visitor.user() != null) {
                chromium().signIn(page, visitor.user());
            }
            crawl(visitor, page, world, rules, failures, visited);
            page.context().close();
        }
        String report = report(rules, visited);
        Files.createDirectories(PlaywrightBrowser.SCREENSHOTS);
        Files.writeString(PlaywrightBrowser.SCREENSHOTS.resolve("axe-report.md"), report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.printf("%d pages checked in %d s%n", visited.size(), (System.nanoTime() - started) / 1_000_000_000L);

        assertThat(visited).as("pages checked").hasSizeGreaterThan(20);
        assertThat(failures).as("serious or critical axe violations, sideways scrolling at %d px, fragments after a reload", PHONE).isEmpty();
    }

    /** Follows the links of the visitor's pages breadth first, checking each new page shape once. */
    private void crawl(Visitor visitor, Page page, SweepWorld world, Map<String, RuleTally> rules, List<String> failures,
            List<String> visited) {
        Map<String, Integer> shapes = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> htmxTried = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(visitor.starts());
        int pages = 0;
        while (!queue.isEmpty() && pages < PAGES_PER_ROLE) {
            String path = queue.poll();
            if (!seen.add(path) || shapes.merge(shape(path), 1, Integer::sum) > PAGES_PER_SHAPE) {
                continue;
            }
            com.microsoft.playwright.Response response = page.navigate(chromium().url(path));
            String landed = URI.create(page.url()).getPath();
            if (!landed.equals(path.replaceAll("\\?.*", "")) && !seen.add(landed)) {
                continue; // a redirect to a page already checked (/home to the role's home)
            }
            if (response == null || response.status() != 200 || !page.url().startsWith(chromium().url("/"))
                    || page.locator("main").count() == 0) {
                continue; // a refusal, a redirect away (the sign-in of another role), or not a page of ours
            }
            pages++;
            String name = visitor.role() + "-" + fileName(landed);
            visited.add(visitor.role() + " " + landed);
            checkAxe(page, visitor.role() + " " + landed, rules, failures);
            PlaywrightBrowser.screenshot(page, name + "-" + DESKTOP);
            checkPhone(page, name, visitor.role() + " " + landed, failures);
            List<String> links = links(page);
            checkHtmx(page, visitor.role() + " " + landed, htmxTried, failures);
            // the world's own pages first, so the pages checked show its filings, statements and runs
            for (String link : links) {
                if (link.contains(world.label) || link.contains(world.marker)) {
                    queue.addFirst(link);
                } else {
                    queue.add(link);
                }
            }
        }
    }

    private static void checkAxe(Page page, String where, Map<String, RuleTally> rules, List<String> failures) {
        AxeResults results = new AxeBuilder(page).withTags(WCAG).analyze();
        // each page counts once per rule: broken if any element breaks it, else passed, else left to a person
        Set<String> counted = new java.util.HashSet<>();
        results.getViolations().forEach(r -> counted.add(r.getId()));
        for (Rule r : results.getPasses()) {
            if (counted.add(r.getId())) {
                tally(rules, r).passed++;
            }
        }
        for (Rule r : results.getIncomplete()) {
            if (counted.add(r.getId())) {
                tally(rules, r).incomplete++;
            }
        }
        for (Rule r : results.getInapplicable()) {
            if (counted.add(r.getId())) {
                tally(rules, r).inapplicable++;
            }
        }
        for (Rule r : results.getViolations()) {
            RuleTally t = tally(rules, r);
            t.violated++;
            t.impact = r.getImpact();
            for (CheckedNode n : r.getNodes()) {
                String line = where + ": " + n.getTarget() + " " + excerpt(n.getHtml()) + " — " + n.getFailureSummary().replace('\n', ' ');
                t.where.add(line);
                if (FAILING_IMPACTS.contains(r.getImpact())) {
                    failures.add("axe " + r.getId() + " (" + r.getImpact() + ") " + line);
                }
            }
        }
    }

    private static RuleTally tally(Map<String, RuleTally> rules, Rule r) {
        RuleTally t = rules.computeIfAbsent(r.getId(), RuleTally::new);
        t.help = r.getHelp();
        return t;
    }

    /** At 390 px the page fits: nothing wider than the window, and a screenshot to look at. */
    private static void checkPhone(Page page, String name, String where, List<String> failures) {
        page.setViewportSize(PHONE, HEIGHT);
        try {
            PlaywrightBrowser.screenshot(page, name + "-" + PHONE);
            Object wide = page.evaluate("""
                    () => {
                      if (document.documentElement.scrollWidth <= window.innerWidth) return null;
                      // inside a scroller an element is clipped, unless it is positioned and the scroller is not
                      const clipped = e => {
                        const free = ['absolute', 'fixed'].includes(getComputedStyle(e).position);
                        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                          const s = getComputedStyle(a);
                          if (s.overflowX !== 'visible') return !free || s.position !== 'static';
                        }
                        return false;
                      };
                      const over = e => e && e !== document.body && e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e);
                      // the outermost elements that stick out: their parents fit, so they are the cause
                      const culprits = [...document.querySelectorAll('body *')]
                        .filter(e => over(e) && !over(e.parentElement)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                            + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                            + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)');
                      return document.documentElement.scrollWidth + 'px wide: ' + culprits.join(', ');
                    }""");
            if (wide != null) {
                failures.add("scrolls sideways at " + PHONE + " px: " + where + " is " + wide);
            }
            // A ledger's amounts are what its reader came for: in view on a phone, not at the far end of a table that
            // scrolls in its box (an account's entries had their amount and balance out of sight, their reason a few
            // letters a line; the member's home its periods' earnings).
            Object hidden = page.evaluate("""
                    () => [...document.querySelectorAll(':is(table.entries, table.payments, table.glance, table.history, table.statement-lines) tbody td.num')]
                      .filter(td => td.getBoundingClientRect().right > window.innerWidth + 1)
                      .slice(0, 3).map(td => td.textContent.trim())""");
            if (hidden instanceof List<?> amounts && !amounts.isEmpty()) {
                failures.add("a ledger's amounts are out of view at " + PHONE + " px: " + where + " " + amounts);
            }
            // and no amount at the top of a page breaks inside itself (123,788.85 broke before its last digit); a
            // figure of two amounts, before and after, may wrap between them
            Object broken = page.evaluate("""
                    () => [...document.querySelectorAll('.stat .value')].filter(v => {
                        const texts = document.createTreeWalker(v, NodeFilter.SHOW_TEXT);
                        for (let t = texts.nextNode(); t; t = texts.nextNode()) {
                          for (const m of t.data.matchAll(/\\S+/g)) {
                            const r = document.createRange();
                            r.setStart(t, m.index);
                            r.setEnd(t, m.index + m[0].length);
                            if (new Set([...r.getClientRects()].map(b => Math.round(b.top))).size > 1) return true;
                          }
                        }
                        return false;
                      }).slice(0, 3).map(v => v.textContent.trim())""");
            if (broken instanceof List<?> figures && !figures.isEmpty()) {
                failures.add("a figure breaks across lines at " + PHONE + " px: " + where + " " + figures);
            }
        } finally {
            page.setViewportSize(DESKTOP, HEIGHT);
        }
    }

    /** Same-origin links to pages, as the browser resolved them. */
    @SuppressWarnings("unchecked")
    private static List<String> links(Page page) {
        List<String> hrefs = (List<String>) page.evaluate("""
                () => [...document.querySelectorAll('a[href]:not([download]):not([hx-boost=false])')]
                  .filter(a => a.origin === location.origin)
                  .map(a => a.pathname + a.search)""");
        return hrefs.stream().filter(h -> !NOT_A_PAGE.matcher(h).find()).distinct().toList();
    }

    /**
     * Each kind of htmx request the page makes (once per address shape and element), made as a person would: a
     * click, or typing into the field that triggers it. The address bar must still show a page, and a reload must
     * give the whole page with the layout's header and navigation, never the fragment.
     */
    private void checkHtmx(Page page, String where, Set<String> tried, List<String> failures) {
        String address = page.url();
        Locator askers = page.locator("[hx-get]");
        int count = askers.count();
        for (int i = 0; i < count; i++) {
            Locator asker = page.locator("[hx-get]").nth(i);
            String kind = shape(String.valueOf(asker.getAttribute("hx-get"))) + " " + asker.evaluate("e => e.tagName")
                    + " " + asker.getAttribute("hx-trigger");
            if (!tried.add(kind) || !asker.isVisible()) {
                continue;
            }
            page.evaluate("() => { window.__htmxDone = 0; document.body.addEventListener('htmx:afterSettle', () => window.__htmxDone++);"
                    + " document.body.addEventListener('htmx:afterRequest', () => window.__htmxDone++); }");
            if (!trigger(page, asker)) {
                continue;
            }
            page.waitForFunction("() => window.__htmxDone > 0 && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')");
            String after = page.url();
            page.reload();
            if (page.locator("header.site-header nav[aria-label=Main]").count() == 0 || page.locator("main#main").count() == 0) {
                failures.add("after htmx " + kind + " on " + where + ", a reload of " + after + " is not a whole page");
            }
            if (!after.equals(address)) {
                page.navigate(address);
            }
        }
    }

    /** Makes the element's request happen as a person would; false when it asks on nothing a person does here. */
    private static boolean trigger(Page page, Locator asker) {
        String tag = String.valueOf(asker.evaluate("e => e.tagName")).toLowerCase();
        String on = String.valueOf(asker.getAttribute("hx-trigger"));
        Locator field;
        if (tag.equals("a") || tag.equals("button")) {
            asker.click();
            return true;
        } else if (tag.equals("input") || tag.equals("textarea")) {
            field = asker;
        } else if (on.contains("from:#")) {
            String from = on.substring(on.indexOf("from:") + 5).split("[\\s,]")[0];
            field = page.locator(from + " input:not([type=hidden]):not([type=file])").first();
        } else {
            field = asker.locator("input:not([type=hidden]):not([type=file])").first();
        }
        if (field.count() == 0 || !field.isVisible()) {
            return false;
        }
        field.focus();
        page.keyboard().press("End");
        page.keyboard().type("1");
        return true;
    }

    // ---- keyboard only ----

    @Test
    void aBuilderFilesAndTwoAdministratorsApproveWithTheKeyboardOnly() {
        world(); // the CMOs, organisations and licences of the sweep's world
        String label = Unique.name("kb");
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body("{\"label\":\"" + label + "\"}").post("/api/v1/tenants/" + SweepWorld.NEWS + "/periods")
                .then().statusCode(201);
        String model = "kb-model-" + label.substring(label.indexOf('-') + 1);
        String board = "/t/" + SweepWorld.NEWS + "/admin/periods/" + label;

        Page bruno = chromium().signIn(chromium().newPerson(DESKTOP, HEIGHT), "bruno");
        // The file chooser is intercepted from the start: turned on only around the key press, the interception and the
        // press go to the browser side by side, and once under load no chooser was reported in 20 s.
        AtomicReference<FileChooser> chooser = new AtomicReference<>();
        bruno.onFileChooser(chooser::set);
        bruno.navigate(chromium().url("/builder"));
        tabTo(bruno, "a[href$='/periods/" + label + "/filings/new']");
        bruno.keyboard().press("Enter");
        bruno.waitForURL("**/periods/" + label + "/filings/new");
        Keyboard form = new Keyboard(bruno);
        form.fill("input[name=model]", model);
        form.fill("input[name=dataValueShare]", "0.30");
        form.fill("input[name=revenue]", "1250000.00");
        form.fill("input[name=servingCost]", "400000.00");
        form.fill("input[name=postTrainingCost]", "100000.00");
        Locator weights = bruno.locator("#weight-rows tr");
        assertThat(weights.count()).isEqualTo(2); // the CMO's category and "other"
        form.fill("#weight-rows tr:nth-child(1) input[name=weightValue]", "0.25");
        form.fill("#weight-rows tr:nth-child(2) input[name=weightValue]", "0.75");
        bruno.waitForCondition(() -> bruno.locator("#preview-gross").innerText().replace(",", "").contains("56250.00"));
        tabTo(bruno, "#filing-form input[name=usage]");
        bruno.keyboard().press("Space");
        bruno.waitForCondition(() -> chooser.get() != null);
        chooser.get().setFiles(new FilePayload("usage.csv", "text/csv",
                "category,member_ref,units\nnews,alice,3\nnews,bob,1\n".getBytes(StandardCharsets.UTF_8)));
        tabTo(bruno, "#filing-form button[type=submit]");
        bruno.keyboard().press("Enter");
        bruno.waitForURL(Pattern.compile(".*/filings/\\d+$"));
        assertThat(bruno.locator("main").innerText()).contains(model);
        PlaywrightBrowser.screenshot(bruno, "keyboard-builder-filed");
        bruno.context().close();

        Page nadia = chromium().signIn(chromium().newPerson(DESKTOP, HEIGHT), "nadia");
        nadia.navigate(chromium().url(board));
        press(nadia, "button:has-text('Close the period')", "Enter");
        nadia.locator("tr[id^=filing-]:has-text('" + model + "') summary").waitFor();
        press(nadia, "tr[id^=filing-]:has-text('" + model + "') summary", "Enter");
        new Keyboard(nadia).fill("tr[id^=filing-]:has-text('" + model + "') input[name=justification]", "Usage and mixture checked.");
        press(nadia, "tr[id^=filing-]:has-text('" + model + "') form[action$='/accept'] button", "Space");
        Locator calculate = nadia.locator("button:has-text('Calculate the distribution')");
        nadia.waitForCondition(calculate::isEnabled);
        press(nadia, "button:has-text('Calculate the distribution')", "Enter");
        nadia.locator("form[action$='/approve']").waitFor();
        assertThat(nadia.locator("form[action$='/approve'] button").isDisabled()).as("four eyes: not the one who calculated").isTrue();
        PlaywrightBrowser.screenshot(nadia, "keyboard-admin-one-calculated");
        nadia.context().close();

        Page noah = chromium().signIn(chromium().newPerson(DESKTOP, HEIGHT), "noah");
        noah.navigate(chromium().url(board));
        press(noah, "form[action$='/approve'] button", "Enter");
        noah.locator("button:has-text('Distribute and publish statements')").waitFor();
        press(noah, "button:has-text('Distribute and publish statements')", "Space");
        noah.waitForCondition(() -> noah.locator("h1 .badge").innerText().contains("DISTRIBUTED"));
        PlaywrightBrowser.screenshot(noah, "keyboard-admin-two-distributed");
        noah.context().close();
    }

    /** Tabs to the element and presses the key on it. */
    private static void press(Page page, String selector, String key) {
        tabTo(page, selector);
        page.keyboard().press(key);
    }

    /** A form filled as a person would with the keyboard: tab to the field, select what is there, type. */
    record Keyboard(Page page) {
        void fill(String selector, String text) {
            tabTo(page, selector);
            page.keyboard().press("Control+A");
            page.keyboard().type(text);
        }
    }

    /** At most this many Tab presses to reach a control; a page with more is a page to split. */
    static final int MAX_TABS = 150;

    /**
     * Presses Tab until the element is focused (Shift+Tab if it lies behind the focus). Every stop on the way must
     * show where the focus is (an outline or a shadow under :focus-visible) and Tab must move on from it: no trap.
     */
    static void tabTo(Page page, String selector) {
        Locator target = page.locator(selector).first();
        target.waitFor();
        boolean behind = (Boolean) target.evaluate("t => { const a = document.activeElement;"
                + " return a && a !== document.body && !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING); }");
        String key = behind ? "Shift+Tab" : "Tab";
        for (int i = 0; i < MAX_TABS; i++) {
            page.keyboard().press(key);
            Object stop = page.evaluate("""
                    () => {
                      const a = document.activeElement;
                      const moved = a !== window.__lastFocus; window.__lastFocus = a;
                      if (!a || a === document.body) return {moved: moved, visible: true, what: 'body'};
                      const s = getComputedStyle(a);
                      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                      const shadow = s.boxShadow && s.boxShadow !== 'none';
                      return {moved: moved, visible: a.matches(':focus-visible') && (outline || shadow),
                              what: a.tagName.toLowerCase() + (a.name ? '[name=' + a.name + ']' : '') + ' ' + (a.innerText || a.value || '').slice(0, 40)};
                    }""");
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) stop;
            assertThat((Boolean) s.get("moved")).as("%s moves the focus on from %s (%s)", key, s.get("what"), page.url()).isTrue();
            assertThat((Boolean) s.get("visible")).as("the focus on %s is visible (%s)", s.get("what"), page.url()).isTrue();
            if ((Boolean) target.evaluate("t => t === document.activeElement")) {
                return;
            }
        }
        throw new AssertionError("no " + key + " reaches " + selector + " within " + MAX_TABS + " presses on " + page.url());
    }

    // ---- naming and the report ----

    /** A GET route of the application as a pattern of addresses, literal segments before parameters. */
    record PageShape(String template, Pattern address, long params) {
    }

    private static List<PageShape> shapes;

    /** The routes pages are served by: {@code /t/newsguild/statements/12} and {@code .../13} are one shape, one page to check. */
    static synchronized List<PageShape> pageShapes() {
        if (shapes == null) {
            shapes = RouteCatalog.discover().stream().filter(r -> r.httpMethod().equals("GET") && !r.isApi())
                    .map(r -> new PageShape(RouteCatalog.normalise(r.template()),
                            Pattern.compile(RouteCatalog.PARAM.matcher(Pattern.quote(r.template()))
                                    .replaceAll(m -> java.util.regex.Matcher.quoteReplacement("\\E[^/]+\\Q"))),
                            RouteCatalog.PARAM.matcher(r.template()).results().count()))
                    .sorted(java.util.Comparator.comparingLong(PageShape::params)).toList();
        }
        return shapes;
    }

    /** The route template serving the address (its path, query left out), or the path itself if none does. */
    static String shape(String address) {
        String path = address.replaceAll("[?#].*", "");
        return pageShapes().stream().filter(s -> s.address().matcher(path).matches()).map(PageShape::template).findFirst()
                .orElse(path);
    }

    /** A file name for the page: its route template, parameters by name ({@code t-tenant-statements-id}). */
    static String fileName(String path) {
        String name = shape(path).replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return name.isEmpty() ? "landing" : name;
    }

    private static String excerpt(String html) {
        String flat = String.valueOf(html).replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }

    static String report(Map<String, RuleTally> rules, List<String> visited) {
        StringBuilder out = new StringBuilder();
        out.append("# axe-core, WCAG 2.2 A and AA (").append(String.join(", ", WCAG)).append(")\n\n")
                .append(visited.size()).append(" pages; counts are pages: a page breaks a rule if any element on it does, passes it if"
                        + " some element passes and none breaks it, needs review if axe leaves every element to a person.\n\n")
                .append("| rule | result | passed | violated | impact | needs review | not applicable | what it checks |\n")
                .append("|---|---|---:|---:|---|---:|---:|---|\n");
        for (RuleTally t : rules.values()) {
            String result = t.violated > 0 ? "VIOLATED" : t.passed > 0 ? "pass" : t.incomplete > 0 ? "review" : "n/a";
            out.append("| ").append(t.id).append(" | ").append(result).append(" | ").append(t.passed).append(" | ")
                    .append(t.violated).append(" | ").append(t.impact).append(" | ").append(t.incomplete).append(" | ")
                    .append(t.inapplicable).append(" | ").append(t.help.replace("|", "\\|")).append(" |\n");
        }
        out.append("\n## Violations\n\n");
        rules.values().stream().flatMap(t -> t.where.stream().map(w -> "- " + t.id + " (" + t.impact + "): " + w.replace("|", "\\|")))
                .forEach(l -> out.append(l).append('\n'));
        out.append("\n## Pages\n\n");
        visited.forEach(v -> out.append("- ").append(v).append('\n'));
        return out.toString();
    }
}
