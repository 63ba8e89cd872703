package org.cmoportal.statement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A statement with more lines than a page: the page shows 50 of them at a time, searched by builder, model or category,
 * while the summary, the total and the charts stay the whole statement's, and the exports and the API stay whole. The
 * CMO is made and distributed through the API: 55 categories, and alice has usage in each under one model.
 */
@QuarkusTest
class StatementLinesTest {

    static final String PERIOD = "2026-Q1";
    static final int CATEGORIES = 55;

    static String tenant;
    static long alice;
    static long bob;

    @BeforeEach
    void once() {
        if (tenant != null) {
            return;
        }
        String slug = Unique.name("lines");
        List<Map<String, String>> categories = new ArrayList<>();
        Map<String, String> wide = new LinkedHashMap<>();
        List<Filings.Line> wideUsage = new ArrayList<>();
        for (int i = 1; i <= CATEGORIES; i++) {
            String key = "c%02d".formatted(i);
            categories.add(Map.of("key", key, "name", "Category %02d".formatted(i), "rule", "PRO_RATA_UNITS"));
            wide.put(key, "0.01");
            wideUsage.add(new Filings.Line(key, "alice", i));
            if (i <= 5) {
                wideUsage.add(new Filings.Line(key, "bob", 1));
            }
        }
        wide.put("other", "0.45");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Lines Guild " + slug, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", categories))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        }
        for (String ref : List.of("alice", "bob")) {
            api("nadia", slug).contentType(ContentType.JSON).body(Map.of("ref", ref, "name", "Member " + ref, "username", ref))
                    .post("/members").then().statusCode(201);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", slug, "acme-ai");
        Organisations.ensure("rival-ai", "Rival AI", "rita");
        Organisations.license("nadia", slug, "rival-ai");
        api("nadia", slug).contentType(ContentType.JSON).body(Map.of("label", PERIOD)).post("/periods").then().statusCode(201);
        List<Long> filings = List.of(
                Filings.submit("bruno", slug, PERIOD, null, new Filings.Filing("wide-llm", "USD", "1250000.00", "100000.00", "0",
                        "0.30", wide, null, wideUsage)),
                Filings.submit("rita", slug, PERIOD, null, new Filings.Filing("rival-llm", "USD", "500000.00", "100000.00", "0",
                        "0.30", Map.of("c01", "0.5", "other", "0.5"), null,
                        List.of(new Filings.Line("c01", "alice", 2), new Filings.Line("c01", "bob", 1)))),
                // bob's alone: alice's page never shows it, searched or not
                Filings.submit("bruno", slug, PERIOD, null, new Filings.Filing("bobs-llm", "USD", "500000.00", "100000.00", "0",
                        "0.30", Map.of("c02", "1"), null, List.of(new Filings.Line("c02", "bob", 3)))));
        api("nadia", slug).post("/periods/" + PERIOD + "/close").then().statusCode(200);
        for (long id : filings) {
            api("nadia", slug).contentType(ContentType.JSON).body(Map.of()).post("/periods/" + PERIOD + "/filings/" + id + "/accept")
                    .then().statusCode(200);
        }
        api("nadia", slug).post("/periods/" + PERIOD + "/calculate").then().statusCode(200);
        api("noah", slug).post("/periods/" + PERIOD + "/approve").then().statusCode(200);
        api("nadia", slug).post("/periods/" + PERIOD + "/distribute").then().statusCode(200);
        alice = OwnerSql.number("SELECT id FROM statement WHERE tenant_id = ? AND member_ref = 'alice'", slug);
        bob = OwnerSql.number("SELECT id FROM statement WHERE tenant_id = ? AND member_ref = 'bob'", slug);
        tenant = slug;
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(DevTokens.of(user));
    }

    static RequestSpecification api(String user, String slug) {
        return as(user).basePath("/api/v1/tenants/" + slug);
    }

    String page(long statement) {
        return "/t/" + tenant + "/statements/" + statement;
    }

    Document get(String user, String address) {
        return Jsoup.parse(as(user).get(address).then().statusCode(200).extract().asString());
    }

    /** The line ids of a statement as the API gives them, in the statement's order: every line. */
    List<Long> apiLines(String ref) {
        List<Number> ids = api(ref, tenant).get("/periods/" + PERIOD + "/statements/" + ref).then().statusCode(200)
                .extract().jsonPath().getList("lines.id");
        return ids.stream().map(Number::longValue).toList();
    }

    static List<Long> rowIds(Document page) {
        return page.select("table.lines tbody tr[id^=line-]").eachAttr("id").stream()
                .map(id -> Long.parseLong(id.substring("line-".length()))).toList();
    }

    /** Everything the page says of the whole statement: the summary, the status, the total under the lines, the charts. */
    static List<String> whole(Document page) {
        return List.of(page.select("dl.topdown").text(), page.select(".status [role=status]").text(),
                page.select("table.lines tfoot").text(), page.select(".charts").text());
    }

    @Test
    void theLinesAreShownAPageAtATimeInTheStatementsOrderWithTheWholeStatementsSums() {
        List<Long> every = apiLines("alice");
        assertThat(every).hasSize(CATEGORIES + 1);
        Document first = get("alice", page(alice));
        assertThat(rowIds(first)).isEqualTo(every.subList(0, 50));
        assertThat(first.select("#line-rows nav.pager").text()).contains("Page 1 of 2").contains("1–50 of 56 lines");
        String next = first.select("#line-rows nav.pager a[rel=next]").attr("href");
        assertThat(next).isEqualTo(page(alice) + "?linesPage=2");

        Document second = get("alice", next);
        assertThat(rowIds(second)).as("the rest, in the statement's order").isEqualTo(every.subList(50, every.size()));
        assertThat(second.select("table.lines tbody tr[id^=line-]").last().select("td").eachText().subList(0, 3))
                .containsExactly("Rival AI", "rival-llm", "Category 01");
        assertThat(whole(second)).as("the summary, total and charts are the whole statement's on page 2").isEqualTo(whole(first));
        assertThat(first.select(".status [role=status]").text()).contains("from 56 lines of 2 builders");
        assertThat(first.select(".charts details.chart-table tr")).hasSizeGreaterThan(CATEGORIES);
        // a page beyond the last shows the last
        assertThat(rowIds(get("alice", page(alice) + "?linesPage=9"))).isEqualTo(rowIds(second));

        // another member's lines never appear
        List<Long> bobs = apiLines("bob");
        assertThat(bobs).hasSize(7);
        assertThat(rowIds(first)).doesNotContainAnyElementsOf(bobs);
        assertThat(rowIds(second)).doesNotContainAnyElementsOf(bobs);

        // the exports and the API stay whole
        String csv = as("alice").get(page(alice) + "/csv").then().statusCode(200).extract().asString();
        for (int i = 1; i <= CATEGORIES; i++) {
            assertThat(csv).contains(",wide-llm,c%02d,".formatted(i));
        }
        assertThat(csv).contains(",rival-llm,c01,");
        // the administrator's page is paged the same way, with their own links
        Document admin = get("nadia", "/t/" + tenant + "/admin/statements/" + alice + "?linesPage=2");
        assertThat(rowIds(admin)).isEqualTo(every.subList(50, every.size()));
        assertThat(admin.select("a.how").attr("href")).startsWith("/t/" + tenant + "/admin/statements/" + alice + "/lines/");
    }

    @Test
    void theSearchNarrowsTheLinesByBuilderModelOrCategoryAndLeavesTheSums() {
        Document all = get("alice", page(alice));
        Document builder = get("alice", page(alice) + "?q=Rival AI");
        assertThat(builder.select("table.lines tbody tr[id^=line-] td:first-child").eachText()).containsExactly("Rival AI");
        assertThat(builder.select("#lines-q").attr("value")).isEqualTo("Rival AI");
        assertThat(whole(builder)).as("searched, the sums are still the whole statement's").isEqualTo(whole(all));

        Document model = get("alice", page(alice) + "?q=WIDE");
        assertThat(model.select("table.lines tbody tr[id^=line-]")).hasSize(50);
        assertThat(model.select("#line-rows nav.pager").text()).contains("1–50 of 55 lines");
        String next = model.select("#line-rows nav.pager a[rel=next]").attr("href");
        assertThat(next).isEqualTo(page(alice) + "?q=WIDE&linesPage=2");
        Document modelNext = get("alice", next);
        assertThat(modelNext.select("table.lines tbody tr[id^=line-] td:nth-child(3)").eachText())
                .containsExactly("Category 51", "Category 52", "Category 53", "Category 54", "Category 55");
        assertThat(whole(modelNext)).isEqualTo(whole(all));

        Document category = get("alice", page(alice) + "?q=category 07");
        assertThat(category.select("table.lines tbody tr[id^=line-] td").eachText().subList(0, 3))
                .containsExactly("Acme AI", "wide-llm", "Category 07");
        assertThat(category.select("table.lines tbody tr[id^=line-]")).hasSize(1);
        // by the category's key as well: c01 under both builders
        assertThat(rowIds(get("alice", page(alice) + "?q=c01"))).hasSize(2);

        // bob's own model is no line of alice's, and LIKE's wildcards are taken literally
        Document bobs = get("alice", page(alice) + "?q=bobs-llm");
        assertThat(bobs.select("table.lines")).isEmpty();
        assertThat(bobs.select("#line-rows .empty").text()).isEqualTo("No line of this statement matches “bobs-llm”.");
        assertThat(whole(bobs).get(0)).isEqualTo(whole(all).get(0));
        assertThat(get("alice", page(alice) + "?q=%").select("table.lines")).isEmpty();
    }

    @Test
    void theSearchsFragmentAndPageTwosLinksWork() {
        String fragment = as("alice").header("HX-Request", "true").header("HX-Target", "line-rows").queryParam("q", "rival")
                .get(page(alice)).then().statusCode(200).extract().asString();
        assertThat(fragment).doesNotContain("<html").doesNotContain("topdown");
        Document rows = Jsoup.parseBodyFragment(fragment);
        assertThat(rows.select("div#line-rows")).hasSize(1);
        assertThat(rows.select("table.lines tbody tr[id^=line-] td:nth-child(2)").eachText()).containsExactly("rival-llm");
        // the search box asks for that fragment and puts the searched address in the address bar
        Element box = get("alice", page(alice)).selectFirst("#lines-q");
        assertThat(box.attr("hx-get")).isEqualTo(page(alice));
        assertThat(box.attr("hx-target")).isEqualTo("#line-rows");
        assertThat(box.attr("hx-replace-url")).isEqualTo("true");

        // "How?" and "Dispute" from page 2
        Document second = get("alice", page(alice) + "?linesPage=2");
        Element how = second.selectFirst("a.how");
        String trail = as("alice").header("HX-Request", "true").header("HX-Target", how.attr("aria-controls"))
                .get(how.attr("hx-get")).then().statusCode(200).extract().asString();
        assertThat(trail).doesNotContain("<html").contains("class=\"trail\"");
        Element dispute = second.selectFirst("a.dispute");
        assertThat(dispute).as("the dispute window is open").isNotNull();
        as("alice").get(dispute.attr("href")).then().statusCode(200);
    }

    @Test
    void whoMaySeeAStatementIsUnchangedByItsPagesAndSearch() {
        as("bob").get(page(alice) + "?linesPage=2").then().statusCode(404);
        as("bob").header("HX-Request", "true").header("HX-Target", "line-rows").queryParam("q", "wide")
                .get(page(alice)).then().statusCode(404);
        assertThat(rowIds(get("bob", page(bob) + "?q=c0"))).doesNotContainAnyElementsOf(apiLines("alice")).hasSize(7);
        // another tenant's address for this statement
        as("alice").get("/t/newsguild/statements/" + alice + "?linesPage=2").then().statusCode(404);
        as("alice").get("/t/" + tenant + "/admin/statements/" + alice + "?linesPage=2").then().statusCode(org.hamcrest.Matchers.not(200));
    }

    /** A page's HTML without its CSRF token, which differs between requests. */
    static String withoutToken(String html) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"X-CSRF-TOKEN\":\"([^\"]+)\"").matcher(html);
        return token.find() ? html.replace(token.group(1), "") : html;
    }

    String body(String user, String address, boolean rowsOnly) {
        RequestSpecification request = as(user);
        if (rowsOnly) {
            request = request.header("HX-Request", "true").header("HX-Target", "line-rows");
        }
        return withoutToken(request.get(address).then().statusCode(200).extract().asString());
    }

    /** The pages the kept tables serve: the member's two pages of lines, the table alone, the administrator's pages. */
    List<String> pagesServed() {
        String admin = "/t/" + tenant + "/admin/statements/" + alice;
        return List.of(body("alice", page(alice), false), body("alice", page(alice) + "?linesPage=2", false),
                body("alice", page(alice) + "?linesPage=2", true), body("nadia", admin, false),
                body("nadia", admin + "?linesPage=2", false), body("bob", page(bob), false), body("alice", page(alice) + "?q=wide", false));
    }

    @Test
    void aKeptTableIsTheTableRenderedInPlace() {
        RenderedParts kept = StatementPages.renderedParts;
        BoundedLru<StatementService.LinesKey, List<StatementRow>> keptLines = StatementService.keptLines;
        try {
            // keeps nothing: every line read and every table rendered in place
            StatementPages.renderedParts = new RenderedParts(0, 0);
            StatementService.keptLines = new BoundedLru<>(0, 0, List::size);
            List<String> inPlace = pagesServed();
            RenderedParts fresh = new RenderedParts(1_000, 8_000_000);
            StatementPages.renderedParts = fresh;
            StatementService.keptLines = new BoundedLru<>(10_000, 100_000, List::size);
            assertThat(pagesServed()).as("rendered and kept").isEqualTo(inPlace);
            assertThat(fresh.size()).as("every unsearched page of lines, each viewer's apart, and each statement's charts").isEqualTo(7);
            assertThat(fresh.bodies()).as("each whole page but the searched one (the table alone has none)").isEqualTo(5);
            assertThat(pagesServed()).as("served as kept").isEqualTo(inPlace);
            assertThat(fresh.size()).isEqualTo(7);
            assertThat(StatementService.keptLines.size()).as("alice's and bob's").isEqualTo(2);
        } finally {
            StatementPages.renderedParts = kept;
            StatementService.keptLines = keptLines;
        }
    }

    @Test
    void aKeptBodyShowsTheAccountAsItIsNowInTheViewersLanguage() {
        RenderedParts kept = StatementPages.renderedParts;
        try {
            RenderedParts fresh = new RenderedParts(1_000, 8_000_000);
            StatementPages.renderedParts = fresh;
            String address = page(bob);
            String first = body("bob", address, false);
            assertThat(fresh.bodies()).isEqualTo(1);
            assertThat(body("bob", address, false)).as("served as kept").isEqualTo(first);
            assertThat(fresh.bodies()).isEqualTo(1);
            // a payment posted after the body was kept: the account beside the statement shows it on the next request
            OwnerSql.number("""
                    INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason, period_key)
                    VALUES (?, 'bob', 'PAID', -1, 'payment_run', 1, 'Payment run after the page was kept', 0) RETURNING id""",
                    tenant);
            Document paid = Jsoup.parse(body("bob", address, false));
            assertThat(paid.select(".account-summary .paid").text()).contains("Payment run after the page was kept");
            assertThat(Jsoup.parse(first).select(".account-summary .closing dd").text())
                    .as("the closing balance one cent lower than before").isNotEqualTo(paid.select(".account-summary .closing dd").text());
            assertThat(fresh.bodies()).isEqualTo(2);
            // the same statement and account in German: its dates written in German, kept apart from the English page
            String published = paid.select(".page-head time").first().attr("datetime");
            Document german = Jsoup.parse(withoutToken(as("bob").header("Accept-Language", "de-DE,de;q=0.9").get(address)
                    .then().statusCode(200).extract().asString()));
            LocalDate day = LocalDate.parse(published);
            assertThat(german.select(".page-head time").first().text()).isEqualTo(
                    DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.GERMAN).format(day));
            assertThat(paid.select(".page-head time").first().text()).isEqualTo(
                    DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.ENGLISH).format(day));
            assertThat(fresh.bodies()).isEqualTo(3);
            assertThat(Jsoup.parse(body("bob", address, false)).select(".page-head time").first().text())
                    .as("the English page again, as kept").isEqualTo(paid.select(".page-head time").first().text());
            assertThat(fresh.bodies()).isEqualTo(3);
        } finally {
            StatementPages.renderedParts = kept;
        }
    }

    /**
     * While the tenant's account version stays, a kept body is served without reading the account: an entry written
     * with the database's triggers off (so the version does not move; nothing the application can do) is not on the
     * page, until the version moves.
     */
    @Test
    void aKeptBodyReadsNoAccountUntilTheAccountVersionMoves() throws Exception {
        RenderedParts kept = StatementPages.renderedParts;
        try {
            StatementPages.renderedParts = new RenderedParts(1_000, 8_000_000);
            String address = page(bob);
            String first = body("bob", address, false);
            try (java.sql.Connection c = OwnerSql.connect()) {
                c.setAutoCommit(false);
                OwnerSql.update(c, "SET LOCAL session_replication_role = replica");
                OwnerSql.update(c, """
                        INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason, period_key)
                        VALUES (?, 'bob', 'PAID', -2, 'payment_run', 2, 'Posted behind the version', 0)""", tenant);
                c.commit();
            }
            assertThat(body("bob", address, false)).as("the body as kept: the account was not read").isEqualTo(first);
            OwnerSql.execute("UPDATE tenant SET minimum_payout = minimum_payout WHERE id = ?", tenant);
            assertThat(Jsoup.parse(body("bob", address, false)).select(".account-summary .paid").text())
                    .as("the version moved: the account read again").contains("Posted behind the version");
        } finally {
            StatementPages.renderedParts = kept;
        }
    }

    @Test
    void aKeptTableIsNeverAnotherStatementsPageOrViewers() {
        RenderedParts kept = StatementPages.renderedParts;
        BoundedLru<StatementService.LinesKey, List<StatementRow>> keptLines = StatementService.keptLines;
        try {
            StatementPages.renderedParts = new RenderedParts(1_000, 8_000_000);
            StatementService.keptLines = new BoundedLru<>(10_000, 100_000, List::size);
            List<Long> every = apiLines("alice");
            List<Long> bobs = apiLines("bob");
            for (int round = 0; round < 2; round++) { // the second round is served from what the first kept
                assertThat(rowIds(get("alice", page(alice)))).isEqualTo(every.subList(0, 50));
                Document bobsPage = get("bob", page(bob));
                assertThat(rowIds(bobsPage)).isEqualTo(bobs);
                assertThat(bobsPage.select(".charts figcaption").eachAttr("id")).as("bob's charts are his statement's")
                        .containsExactly("by-category-" + bob + "-h", "by-builder-" + bob + "-h");
                assertThat(bobsPage.select(".charts").text()).doesNotContain("Category 55");
                assertThat(rowIds(get("alice", page(alice) + "?linesPage=2"))).isEqualTo(every.subList(50, every.size()));
                Document member = get("alice", page(alice));
                assertThat(member.select("a.how").attr("href")).startsWith(page(alice) + "/lines/");
                assertThat(member.select("a.dispute")).as("the member may dispute").isNotEmpty();
                Document admin = get("nadia", "/t/" + tenant + "/admin/statements/" + alice);
                assertThat(rowIds(admin)).isEqualTo(every.subList(0, 50));
                assertThat(admin.select("a.how").attr("href")).startsWith("/t/" + tenant + "/admin/statements/" + alice + "/lines/");
                assertThat(admin.select("a.dispute")).as("an administrator disputes nothing").isEmpty();
                // kept or not, who may open the statement is checked first
                as("bob").get(page(alice)).then().statusCode(404);
                as("bob").header("HX-Request", "true").header("HX-Target", "line-rows").get(page(alice)).then().statusCode(404);
                // the CSV of a statement whose lines are kept is still its own, whole
                String csv = as("bob").get(page(bob) + "/csv").then().statusCode(200).extract().asString();
                assertThat(csv).contains(",bobs-llm,c02,").doesNotContain(",c55,");
            }
        } finally {
            StatementPages.renderedParts = kept;
            StatementService.keptLines = keptLines;
        }
    }
}
