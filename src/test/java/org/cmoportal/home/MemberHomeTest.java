package org.cmoportal.home;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The member's home across CMOs, against what the ledger holds: dave is a member of two CMOs paying in CHF (one with
 * two distributed periods, payments and a period receiving filings; one with a distributed period and an approved
 * one) and of a CMO in SEK that has opened nothing. Then the statement explained with its own figures.
 */
@QuarkusTest
class MemberHomeTest {

    static final CurrencyUnit CHF = CurrencyUnit.of("CHF");
    static final String MEMBER = "dave";

    static Cmo first;
    static Cmo second;
    static Cmo idle;

    /** Built once, on the first test: the application (and the port RestAssured talks to) is up only from then on. */
    @BeforeEach
    void world() {
        if (first != null) {
            return;
        }
        Cmo a = Cmo.create("CHF", "dave-a");
        Cmo b = Cmo.create("CHF", "dave-b");
        Cmo c = Cmo.create("SEK", "dave-c");
        a.distribute("2027-Q1", "1250000.00", "dave-a");
        a.distribute("2027-Q2", "2400000.00", "dave-a");
        a.api("nadia").contentType(ContentType.JSON).body(Map.of("label", "2027-Q3")).post("/periods").then().statusCode(201);
        b.distribute("2027-Q1", "900000.00", "dave-b");
        b.approve("2027-Q2", "800000.00", "dave-b");
        // two payments and a return after the later one: the last payment is the later PAID entry, not the return
        a.post("dave-a", "PAID", -150_00, "2027-03-04 10:00:00+00", "Payment run 1");
        a.post("dave-a", "PAID", -75_25, "2027-05-06 10:00:00+00", "Payment run 2");
        a.post("dave-a", "RETURNED", 75_25, "2027-05-20 10:00:00+00", "Returned: account closed");
        second = b;
        idle = c;
        first = a;
    }

    @Test
    void theHomeShowsEachCmosBalanceLastPaymentAndNextDistributionAsTheLedgerHoldsThem() {
        Document home = Jsoup.parse(DevTokens.as(MEMBER).get("/member").then().statusCode(200).extract().asString());
        Element a = row(home, first);
        Element b = row(home, second);
        Element c = row(home, idle);
        long balanceA = first.balance("dave-a");
        long balanceB = second.balance("dave-b");
        assertThat(balanceA).isPositive();
        assertThat(balanceB).isPositive();
        assertThat(a.select(".balance").text()).isEqualTo(m(balanceA) + " CHF");
        assertThat(b.select(".balance").text()).isEqualTo(m(balanceB) + " CHF");
        assertThat(c.select(".balance").text()).isEqualTo("0.00 SEK");
        assertThat(a.select(".balance a").attr("href")).isEqualTo(Routes.memberAccount(first.slug, "dave-a"));

        assertThat(a.select(".last-payment .day").text()).isEqualTo("May 6, 2027");
        assertThat(a.select(".last-payment .day time").attr("datetime")).isEqualTo("2027-05-06");
        assertThat(a.select(".last-payment .amount").text()).isEqualTo("75.25 CHF");
        assertThat(b.select(".last-payment").text()).startsWith("None yet.");

        assertThat(a.select(".next-period").eachText()).containsExactly("2027-Q3: receiving filings from builders");
        assertThat(b.select(".next-period").eachText()).containsExactly("2027-Q2: approved, distribution next");
        assertThat(c.select(".next").text()).startsWith("Nothing is open at " + idle.name + " now");

        // the total per currency adds up the CHF CMOs only: no other test makes dave a member in CHF or SEK
        assertThat(home.select("table.glance tfoot tr[data-currency=CHF] .balance").text()).isEqualTo(m(balanceA + balanceB) + " CHF");
        assertThat(home.select("table.glance tfoot tr[data-currency=CHF] .earned").text())
                .isEqualTo(m(first.earned("dave-a") + second.earned("dave-b")) + " CHF");
        assertThat(home.select("table.glance tfoot tr[data-currency=SEK] .balance").text()).isEqualTo("0.00 SEK");
        // headings in order: the page's h1, then one h2 per section
        assertThat(home.select("main h1")).hasSize(1);
        assertThat(home.select("section.glance h2").text()).isEqualTo("At a glance");
        // a few CMOs fit on one page: no pages of CMOs, no search of them, nothing said about either
        assertThat(home.select("nav[aria-label='Pages of CMOs'], #cmos-q, .paged-note")).isEmpty();
        assertThat(home.select("form:has(#statements-q) input[type=hidden]")).isEmpty();
    }

    @Test
    void theEarningsChartIsWellFormedSvgWithOneBarPerPeriodWithEarningsInEachCmo() throws Exception {
        String html = DevTokens.as(MEMBER).get("/member").then().statusCode(200).extract().asString();
        Matcher svg = Pattern.compile("<svg class=\"chart-svg bars grouped\".*?</svg>", Pattern.DOTALL).matcher(html);
        String chf = null;
        while (svg.find()) {
            if (svg.group().contains("earnings-all-CHF")) {
                chf = svg.group();
            }
        }
        assertThat(chf).as("the CHF chart").isNotNull();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document doc = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(("<svg xmlns=\"http://www.w3.org/2000/svg\"" + chf.substring(4)).getBytes(StandardCharsets.UTF_8)));
        org.w3c.dom.Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Your earnings by period, all your CMOs (CHF)");
        assertThat(root.getElementsByTagName("desc").getLength()).isEqualTo(1);

        NodeList rects = root.getElementsByTagName("rect");
        for (Cmo cmo : List.of(first, second)) {
            String ref = cmo == first ? "dave-a" : "dave-b";
            List<String> titles = new ArrayList<>();
            for (int i = 0; i < rects.getLength(); i++) {
                String title = rects.item(i).getTextContent();
                if (title.startsWith(cmo.name + ", ")) {
                    titles.add(title);
                }
            }
            List<String> rows;
            try (java.sql.Connection connection = OwnerSql.connect()) {
                rows = OwnerSql.strings(connection, """
                    SELECT p.label || ': ' || e.amount FROM account_entry e JOIN period p ON p.tenant_id = e.tenant_id AND p.id = e.period_id
                     WHERE e.tenant_id = ? AND e.member_ref = ? AND e.kind = 'EARNED' ORDER BY p.label""", cmo.slug, ref);
            }
            List<String> expected = rows.stream().map(s -> s.split(": ")[0] + ": " + m(Long.parseLong(s.split(": ")[1])) + " CHF").toList();
            assertThat(expected).as("periods with earnings in " + cmo.name).hasSize(cmo == first ? 2 : 1);
            assertThat(titles).containsExactlyElementsOf(expected.stream().map(s -> cmo.name + ", " + s).toList());
        }
        // the table alternative lists the same periods
        Document home = Jsoup.parse(html);
        Element figure = home.select("figure:has(svg.grouped title:containsOwn(CHF))").first();
        assertThat(figure.select("details.chart-table tbody th").eachText()).contains("2027-Q1", "2027-Q2");
        assertThat(figure.select("ul.legend li").eachText()).contains(first.name, second.name);
    }

    @Test
    void theStatementIsExplainedWithItsOwnFiguresAndAnotherMembersIsNotFound() {
        long statement = OwnerSql.number("""
                SELECT s.id FROM statement s JOIN period p ON p.tenant_id = s.tenant_id AND p.id = s.period_id
                 WHERE s.tenant_id = ? AND s.member_ref = 'dave-a' AND p.label = '2027-Q2'""", first.slug);
        Document home = Jsoup.parse(DevTokens.as(MEMBER).get("/member").then().statusCode(200).extract().asString());
        String how = Routes.memberStatementHow(first.slug, statement);
        assertThat(home.select("section.card a[href=" + how + "]")).hasSize(1);
        Document statementPage = Jsoup.parse(DevTokens.as(MEMBER).get(Routes.memberStatement(first.slug, statement)).then()
                .statusCode(200).extract().asString());
        assertThat(statementPage.select("a[href=" + how + "]")).hasSize(1);

        Document page = Jsoup.parse(DevTokens.as(MEMBER).get(how).then().statusCode(200).extract().asString());
        long total = OwnerSql.number("SELECT total FROM statement WHERE id = ?", statement);
        long largest = OwnerSql.number("SELECT max(amount) FROM statement_line WHERE statement_id = ?", statement);
        long pool = OwnerSql.number("""
                SELECT f.pool FROM statement_line l JOIN filing f ON f.tenant_id = l.tenant_id AND f.id = l.filing_id
                 WHERE l.statement_id = ? ORDER BY l.amount DESC, l.id LIMIT 1""", statement);
        long units = OwnerSql.number("SELECT units FROM statement_line WHERE statement_id = ? ORDER BY amount DESC, id LIMIT 1", statement);
        long categoryUnits = OwnerSql.number("SELECT category_units FROM statement_line WHERE statement_id = ? ORDER BY amount DESC, id LIMIT 1", statement);
        assertThat(page.select("#how-total").text()).isEqualTo(m(total) + " CHF");
        assertThat(page.select("#how-amount").text()).isEqualTo(m(largest) + " CHF");
        assertThat(page.select("#how-line-amount").text()).isEqualTo(m(largest));
        assertThat(page.select("#how-pool-amount").text()).isEqualTo(m(pool));
        assertThat(page.select("#how-share-working").text()).contains(" × " + units + " ÷ " + categoryUnits + " = ");
        assertThat(page.select("main h1").text()).isEqualTo("How your statement 2027-Q2 was computed");
        assertThat(page.select("main h2").eachText()).startsWith("1. The pool of home-model-1", "2. The part of News");

        // another member's statement, in a CMO dave belongs to, answers as a statement that does not exist
        long bobs = OwnerSql.number("""
                SELECT s.id FROM statement s JOIN period p ON p.tenant_id = s.tenant_id AND p.id = s.period_id
                 WHERE s.tenant_id = ? AND s.member_ref = 'bob' AND p.label = '2027-Q2'""", first.slug);
        DevTokens.as(MEMBER).get(Routes.memberStatementHow(first.slug, bobs)).then().statusCode(404);
        DevTokens.as("bob").get(Routes.memberStatementHow(first.slug, bobs)).then().statusCode(200);
        DevTokens.as(MEMBER).get(Routes.memberStatementHow(first.slug, 999_999_999L)).then().statusCode(404);
        // dave's own statement, asked for in another of his CMOs, is not there
        DevTokens.as(MEMBER).get(Routes.memberStatementHow(second.slug, statement)).then().statusCode(404);
    }

    @Test
    void theHelpPagesAreLinkedFromThePagesThatComputeMoney() {
        for (String path : List.of(Routes.helpStatements(), Routes.helpBuilders(), Routes.helpFourEyes())) {
            Document help = Jsoup.parse(DevTokens.as(MEMBER).get(path).then().statusCode(200).extract().asString());
            assertThat(help.select("main h1")).hasSize(1);
            assertThat(help.select("main h2")).hasSizeGreaterThanOrEqualTo(3);
        }
        Document builder = Jsoup.parse(DevTokens.as("bruno").get(Routes.builderStatements(first.slug)).then().statusCode(200).extract().asString());
        assertThat(builder.select("a[href=" + Routes.helpBuilders() + "]")).hasSize(1);
        Document form = Jsoup.parse(DevTokens.as("bruno").get(Routes.filingForm(first.slug, "2027-Q3")).then().statusCode(200).extract().asString());
        assertThat(form.select("a[href=" + Routes.helpBuilders() + "]")).hasSize(1);
        Document dues = Jsoup.parse(DevTokens.as("nadia").get(Routes.dues(first.slug)).then().statusCode(200).extract().asString());
        assertThat(dues.select("a[href=" + Routes.helpBuilders() + "]")).hasSize(1);
        Document board = Jsoup.parse(DevTokens.as("nadia").get(Routes.periodBoard(first.slug, "2027-Q3")).then().statusCode(200).extract().asString());
        assertThat(board.select("a[href=" + Routes.helpFourEyes() + "]")).hasSize(1);
        Document admin = Jsoup.parse(DevTokens.as("nadia").get(Routes.adminHome(first.slug)).then().statusCode(200).extract().asString());
        assertThat(admin.select("a[href=" + Routes.helpFourEyes() + "]")).hasSize(1);
        String fourEyes = Jsoup.parse(DevTokens.as("nadia").get(Routes.helpFourEyes()).then().extract().asString()).text();
        assertThat(fourEyes).contains("review", "Calculate", "second administrator", "Payment runs", "Restatements");
    }

    private static Element row(Document home, Cmo cmo) {
        Element row = home.select("table.glance tbody tr[data-tenant=" + cmo.slug + "]").first();
        assertThat(row).as("the row of " + cmo.name).isNotNull();
        return row;
    }

    static String m(long minor) {
        return Amounts.formatGrouped(minor, CHF);
    }

    /**
     * A CMO of this test's own, made through the API as people do: olivia creates it, nadia and noah administer it,
     * acme-ai (bruno) files, dave holds {@code ref} in it and bob holds "bob".
     */
    static final class Cmo {
        final String slug;
        final String name;
        final String currency;

        private Cmo(String slug, String name, String currency) {
            this.slug = slug;
            this.name = name;
            this.currency = currency;
        }

        static Cmo create(String currency, String ref) {
            String slug = Unique.name("zz-memberhelp");
            String name = "Home Guild " + slug;
            as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name, "currency", currency,
                    "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", List.of(
                            Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"),
                            Map.of("key", "code", "name", "Code", "rule", "EQUAL_SHARES"))))
                    .post("/api/v1/tenants").then().statusCode(201);
            for (String admin : List.of("nadia", "noah")) {
                as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                        .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
            }
            Cmo cmo = new Cmo(slug, name, currency);
            cmo.api("nadia").contentType(ContentType.JSON).body(Map.of("ref", ref, "name", "Dave Home", "username", MEMBER))
                    .post("/members").then().statusCode(201);
            cmo.api("nadia").contentType(ContentType.JSON).body(Map.of("ref", "bob", "name", "Bob Home", "username", "bob"))
                    .post("/members").then().statusCode(201);
            Organisations.ensure("acme-ai", "Acme AI", "bruno");
            Organisations.license("nadia", slug, "acme-ai");
            return cmo;
        }

        /** Opens, files, closes, accepts, calculates (nadia) and approves (noah). */
        void approve(String period, String revenue, String ref) {
            api("nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
            long id = Filings.submit("bruno", slug, period, null, new Filings.Filing("home-model-1", currency, revenue,
                    "100000.00", "0", "0.30", Map.of("news", "0.5", "code", "0.3", "other", "0.2"), null,
                    List.of(new Filings.Line("news", ref, 3), new Filings.Line("news", "bob", 2), new Filings.Line("code", ref, 1),
                            new Filings.Line("code", "bob", 1))));
            api("nadia").post("/periods/" + period + "/close").then().statusCode(200);
            api("nadia").contentType(ContentType.JSON).body(Map.of()).post("/periods/" + period + "/filings/" + id + "/accept")
                    .then().statusCode(200);
            api("nadia").post("/periods/" + period + "/calculate").then().statusCode(200);
            api("noah").post("/periods/" + period + "/approve").then().statusCode(200);
        }

        /** The same, then distributes (nadia): the ledger gets the EARNED entries. */
        void distribute(String period, String revenue, String ref) {
            approve(period, revenue, ref);
            api("nadia").post("/periods/" + period + "/distribute").then().statusCode(200);
        }

        /** An entry as a payment run or a return posts it, at a given moment, written as the schema owner. */
        void post(String ref, String kind, long amount, String at, String reason) {
            OwnerSql.execute("""
                    INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?::timestamptz)""",
                    slug, ref, kind, amount, kind.equals("PAID") ? "payment_run" : "payment_return", Math.abs(amount), reason, at);
        }

        long balance(String ref) {
            return OwnerSql.number("SELECT coalesce(sum(amount), 0) FROM account_entry WHERE tenant_id = ? AND member_ref = ?", slug, ref);
        }

        long earned(String ref) {
            return OwnerSql.number("SELECT coalesce(sum(total), 0) FROM statement WHERE tenant_id = ? AND member_ref = ?", slug, ref);
        }

        RequestSpecification api(String user) {
            return as(user).basePath("/api/v1/tenants/" + slug);
        }

        static RequestSpecification as(String user) {
            return given().auth().oauth2(DevTokens.of(user));
        }
    }
}
