package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.cmoportal.csv.CsvTable;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.MemberStatement;
import org.cmoportal.distribution.StatementLine;
import org.cmoportal.money.Amounts;
import org.cmoportal.testsupport.OwnerSql;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.quarkus.test.junit.QuarkusTest;

/** Statement pages against the engine, the trail, the exports, and who may see what. */
@QuarkusTest
class StatementPagesTest {

    @Inject
    StatementFixture fixture;

    StatementFixture.Result world;

    @BeforeEach
    void setUp() {
        world = fixture.standard("nadia", "stmt-builder");
    }

    String base() {
        return "/t/" + world.tenant();
    }

    @Test
    void theStatementPageShowsTheEnginesLinesAndTotal() {
        StatementFixture.PeriodResult q3 = world.period("2026-Q3");
        MemberStatement expected = q3.distribution().statement("alice");
        long id = q3.statementIds().get("alice");
        Document page = Jsoup.parse(as("alice").get(base() + "/statements/" + id).then().statusCode(200).extract().asString());

        List<Element> rows = page.select("table.lines tbody tr[id^=line-]");
        assertThat(rows).hasSize(expected.lines().size());
        for (int i = 0; i < rows.size(); i++) {
            StatementLine l = expected.lines().get(i);
            List<String> cells = rows.get(i).select("td").eachText();
            assertThat(cells.subList(0, 6)).as("line %d", i).containsExactly(l.builder(), l.model(),
                    Character.toUpperCase(l.category().charAt(0)) + l.category().substring(1), Long.toString(l.units()),
                    Long.toString(l.categoryUnits()), Amounts.formatGrouped(l.amount(), StatementFixture.USD));
        }
        assertThat(page.select("dl.topdown .total dd").text()).startsWith(Amounts.formatGrouped(expected.total(), StatementFixture.USD));
        assertThat(page.select("table.lines tfoot td.num").first().text()).isEqualTo(Amounts.formatGrouped(expected.total(), StatementFixture.USD));
        // the worked example's line: alice's 2,169,643 cents of news from acme-llm-7
        assertThat(page.text()).contains("21,696.43").contains(world.tenantName());
        // charts are inline SVG with a title, a description and a table fallback
        assertThat(page.select("svg[role=img] > title")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(page.select("details.chart-table table")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(page.select("[style]")).isEmpty();
        assertThat(page.select("style")).isEmpty();
    }

    @Test
    void theDistributedPeriodsAreListedSearchedByLabelAndOnlyThisTenants() {
        fixture.standard("nadia", "stmt-builder"); // another CMO with the same labels: none of its periods is listed here
        String list = base() + "/admin/statements/periods";
        Document all = Jsoup.parse(as("nadia").get(list).then().statusCode(200).extract().asString());
        assertThat(all.select("#period-rows tbody td:first-child a").eachText()).containsExactly("2026-Q3", "2026-Q2");
        assertThat(all.select("#period-rows tbody a").eachAttr("href")).allMatch(h -> h.startsWith(base() + "/admin/statements/periods/"));
        assertThat(all.select("#period-rows nav.pager")).as("one page").isEmpty();
        Document q2 = Jsoup.parse(as("nadia").queryParam("q", "q2").get(list).then().statusCode(200).extract().asString());
        assertThat(q2.select("#period-rows tbody td:first-child a").eachText()).containsExactly("2026-Q2");
        Document q4 = Jsoup.parse(as("nadia").queryParam("q", "2026-Q4").get(list).then().statusCode(200).extract().asString());
        assertThat(q4.select("#period-rows .empty").text()).isEqualTo("No distributed period matches “2026-Q4”.");
        // the period's page offers the latest in its menu and links to the whole list
        Document period = Jsoup.parse(as("nadia").get(base() + "/admin/statements/periods/2026-Q3").then().statusCode(200).extract().asString());
        assertThat(period.select(".actions details.dropdown a").eachText()).containsExactly("2026-Q3", "2026-Q2");
        assertThat(period.select(".actions a").eachAttr("href")).contains(list);
        as("alice").get(list).then().statusCode(org.hamcrest.Matchers.not(200));
    }

    @Test
    void theTopDownSummaryAddsUp() {
        long id = world.period("2026-Q3").statementIds().get("alice");
        Document page = Jsoup.parse(as("alice").get(base() + "/statements/" + id).then().statusCode(200).extract().asString());
        List<String> dd = page.select("dl.topdown dd").eachText();
        long before = Amounts.parse(dd.get(0).replace(",", ""), StatementFixture.USD);
        long fee = Amounts.parse(dd.get(1).replace("− ", "").replace(",", ""), StatementFixture.USD);
        long paid = Amounts.parse(dd.get(2).replace(" USD", "").replace(",", ""), StatementFixture.USD);
        assertThat(before - fee).isEqualTo(paid);
        assertThat(paid).isEqualTo(world.period("2026-Q3").distribution().statement("alice").total());
        assertThat(fee).isPositive();
    }

    @Test
    void everyLinesTrailMultipliesOutToItsAmount() {
        StatementFixture.PeriodResult q3 = world.period("2026-Q3");
        long id = q3.statementIds().get("alice");
        Document page = Jsoup.parse(as("alice").get(base() + "/statements/" + id).then().statusCode(200).extract().asString());
        MemberStatement expected = q3.distribution().statement("alice");
        List<Element> links = page.select("a.how");
        assertThat(links).hasSize(expected.lines().size());
        for (int i = 0; i < links.size(); i++) {
            StatementLine l = expected.lines().get(i);
            FilingCalculation c = q3.calculations().get(Long.parseLong(l.filingId()));
            String href = links.get(i).attr("hx-get");
            assertThat(links.get(i).attr("href")).isEqualTo(href);
            // htmx names the cell it swaps into, the one the link controls
            String fragment = as("alice").header("HX-Request", "true").header("HX-Target", links.get(i).attr("aria-controls"))
                    .get(href).then().statusCode(200).extract().asString();
            assertThat(fragment).doesNotContain("<html").contains("class=\"trail\"");
            Document trail = Jsoup.parseBodyFragment(fragment);
            List<String> results = trail.select(".step-result").eachText();
            var d = c.distribution(l.category()).orElseThrow();
            assertThat(results).as("trail of line %d", i).containsExactly(
                    signed(c.operatingProfit()), m(c.pool()), m(d.amount()), "− " + m(d.fee()), m(d.net()), m(l.amount()));
            assertThat(trail.text()).contains("agrees with the portal's calculation rules");
            // the fixture's builder names an evaluator, but no evaluator recorded an attestation: a claim is not shown as one
            if (c.operatingProfit() > 0) {
                assertThat(trail.text()).contains("not attested by an independent evaluator").doesNotContain("attested by Example Evals");
            }
        }
        // without htmx the same address is a whole page
        String full = as("alice").get(links.get(0).attr("href")).then().statusCode(200).extract().asString();
        assertThat(full).contains("<html").contains("class=\"trail\"");
    }

    @Test
    void aMemberSeesOnlyTheirOwnStatements() {
        long bobs = world.period("2026-Q3").statementIds().get("bob");
        long alices = world.period("2026-Q3").statementIds().get("alice");
        for (String suffix : List.of("", "/csv", "/pdf")) {
            as("alice").get(base() + "/statements/" + bobs + suffix).then().statusCode(404);
            as("bob").get(base() + "/statements/" + alices + suffix).then().statusCode(404);
        }
        as("alice").get(base() + "/statements/999999999").then().statusCode(404);
        // a line of bob's statement through alice's statement: 404 too
        long bobLine = firstLine(bobs, "bob");
        as("alice").get(base() + "/statements/" + alices + "/lines/" + bobLine).then().statusCode(404);
        as("alice").get(base() + "/statements/" + bobs + "/lines/" + bobLine).then().statusCode(404);
        // another tenant's statement, asked for under this tenant: 404 (the tenant is in every query, and RLS)
        StatementFixture.Result other = fixture.standard("noah", "stmt-builder");
        long elsewhere = other.period("2026-Q3").statementIds().get("alice");
        as("alice").get(base() + "/statements/" + elsewhere).then().statusCode(404);
        as("nadia").get(base() + "/admin/statements/" + elsewhere).then().statusCode(404);
        // a member of no ref in this tenant, an administrator of another tenant, a member on the admin route:
        // refused by the tenant filter before the route runs (its error page needs the layout fix of the
        // access-tests branch to render as 404/403; here it must at least show nothing)
        for (var refused : List.of(as("dave").get(base() + "/statements/" + alices), as("noah").get(base() + "/admin/statements/" + alices),
                as("alice").get(base() + "/admin/statements/" + alices))) {
            assertThat(refused.statusCode()).isNotEqualTo(200);
            assertThat(refused.asString()).doesNotContain("Where the money came from");
        }
    }

    @Test
    void theCsvHoldsTheSameLinesWithFormulasNeutralised() throws Exception {
        StatementFixture.PeriodResult q3 = world.period("2026-Q3");
        long id = q3.statementIds().get("alice");
        var response = as("alice").get(base() + "/statements/" + id + "/csv").then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")).extract();
        assertThat(response.contentType()).startsWith("text/csv");
        List<CsvRecord> records = read(response.asString());
        assertThat(records.get(0).getFields()).containsExactlyElementsOf(CsvExport.MEMBER_HEADER);
        MemberStatement expected = q3.distribution().statement("alice");
        assertThat(records).hasSize(expected.lines().size() + 1);
        for (int i = 0; i < expected.lines().size(); i++) {
            StatementLine l = expected.lines().get(i);
            assertThat(records.get(i + 1).getFields()).containsExactly(world.tenant(), "2026-Q3", "alice", CsvTable.text(l.builder()).value(),
                    CsvTable.text(l.model()).value(), l.category(), Long.toString(l.units()), Long.toString(l.categoryUnits()),
                    Amounts.format(l.amount(), StatementFixture.USD), "USD");
        }
        assertThat(response.asString()).contains("'+Evil Labs").contains("'-model").doesNotContain(",+Evil").doesNotContain(",-model");
    }

    @Test
    void thePdfHoldsTheTenantAndTheAmounts() throws Exception {
        StatementFixture.PeriodResult q3 = world.period("2026-Q3");
        long id = q3.statementIds().get("alice");
        byte[] pdf = as("alice").get(base() + "/statements/" + id + "/pdf").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains(world.tenantName()).contains("2026-Q3").contains("alice");
            MemberStatement expected = q3.distribution().statement("alice");
            assertThat(text).contains(m(expected.total()) + " USD");
            for (StatementLine l : expected.lines()) {
                assertThat(text).contains(m(l.amount())).contains(l.model());
            }
        }
    }

    /** The day a statement was published, on its page and in its PDF, in the language the viewer's browser asks for. */
    @Test
    void thePublishedDayIsWrittenInTheViewersLanguageOnThePageAndInThePdf() throws Exception {
        long id = world.period("2026-Q3").statementIds().get("alice");
        String path = base() + "/statements/" + id;
        Element english = Jsoup.parse(as("alice").header("Accept-Language", "en-GB,en;q=0.8").get(path).then().statusCode(200)
                .extract().asString()).selectFirst(".page-head time");
        Element german = Jsoup.parse(as("alice").header("Accept-Language", "de-DE,de;q=0.9").get(path).then().statusCode(200)
                .extract().asString()).selectFirst(".page-head time");
        java.time.LocalDate published = java.time.LocalDate.ofEpochDay(OwnerSql.number(
                "SELECT (published_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01' FROM statement WHERE tenant_id = ? AND id = ?",
                world.tenant(), id));
        assertThat(english.attr("datetime")).isEqualTo(german.attr("datetime")).isEqualTo(published.toString());
        String en = java.time.format.DateTimeFormatter.ofPattern("d MMM uuuu", java.util.Locale.UK).format(published);
        String de = java.time.format.DateTimeFormatter.ofPattern("dd.MM.uuuu").format(published);
        assertThat(english.text()).isEqualTo(en);
        assertThat(german.text()).isEqualTo(de);
        // the administrator's page of the same statement too
        assertThat(Jsoup.parse(as("nadia").header("Accept-Language", "de-DE").get(base() + "/admin/statements/" + id).then()
                .statusCode(200).extract().asString()).selectFirst(".page-head time").text()).isEqualTo(de);

        for (var language : Map.of("en-GB", en, "de-DE", de).entrySet()) {
            byte[] pdf = as("alice").header("Accept-Language", language.getKey()).get(path + "/pdf").then().statusCode(200)
                    .contentType("application/pdf").extract().asByteArray();
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertThat(new PDFTextStripper().getText(doc).replaceAll("\\s+", " ")).as(language.getKey())
                        .contains("published " + language.getValue() + " - amounts in USD");
            }
        }
    }

    /**
     * XML 1.0 cannot carry most control characters, so the PDF renderer failed on a name holding one. Names are
     * refused at input now, but a row stored before (or written around the services) must still print.
     */
    @Test
    void aNameWithACharacterXmlForbidsStillPrintsInThePdfs() throws Exception {
        try (Connection c = OwnerSql.owner().getConnection();
                PreparedStatement member = c.prepareStatement("UPDATE member SET name = ? WHERE tenant_id = ? AND ref = 'alice'");
                PreparedStatement builder = c.prepareStatement("UPDATE builder_org SET name = ? WHERE id = ?")) {
            member.setString(1, "Alice\u0001Archer\u000B\uFFFF");
            member.setString(2, world.tenant());
            assertThat(member.executeUpdate()).isEqualTo(1);
            builder.setString(1, "Acme\u0001AI");
            builder.setLong(2, world.builderIds().get("Acme AI"));
            assertThat(builder.executeUpdate()).isEqualTo(1);
        }
        long id = world.period("2026-Q3").statementIds().get("alice");
        byte[] pdf = as("alice").get(base() + "/statements/" + id + "/pdf").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Alice").contains("Archer").doesNotContain("\u0001");
        }
        as("nadia").get(base() + "/admin/statements/" + id + "/pdf").then().statusCode(200).contentType("application/pdf");
        byte[] owed = as("stmt-builder").get(base() + "/builder/statements/2026-Q3/pdf").then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(owed)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Acme").contains(world.tenantName()).doesNotContain("\u0001");
        }
    }

    @Test
    void aRefWithoutAnAccountHasStatementsThatAppearOnceAUserIsLinked() {
        long carols = world.period("2026-Q3").statementIds().get("carol");
        String before = as("carol").get("/member").then().statusCode(200).extract().asString();
        assertThat(before).doesNotContain(world.tenantName());
        var refused = as("carol").get(base() + "/statements/" + carols);
        assertThat(refused.statusCode()).isNotEqualTo(200);
        assertThat(refused.asString()).doesNotContain("Where the money came from");

        fixture.link("carol", world.tenant(), "carol");
        Document home = Jsoup.parse(as("carol").queryParam("cmosQ", world.tenant()).get("/member").then().statusCode(200).extract().asString());
        assertThat(home.text()).contains(world.tenantName());
        assertThat(home.select("a[href=" + base() + "/statements/" + carols + "]")).hasSize(1);
        as("carol").get(base() + "/statements/" + carols).then().statusCode(200);
    }

    @Test
    void theMemberHomeListsStatementsByPeriodWithTotalsAndSaysWhyNothingWasPaid() {
        Document home = Jsoup.parse(as("bob").queryParam("cmosQ", world.tenant()).get("/member").then().statusCode(200).extract().asString());
        Element section = home.select("section.card").stream().filter(s -> s.text().contains(world.tenantName())).findFirst().orElseThrow();
        String text = section.text();
        assertThat(text).contains("2026-Q4").contains("Not distributed yet (open)");
        for (String label : List.of("2026-Q2", "2026-Q3")) {
            long total = world.period(label).distribution().statement("bob").total();
            assertThat(text).contains(label).contains(m(total));
        }
        long lifetime = world.period("2026-Q2").distribution().statement("bob").total()
                + world.period("2026-Q3").distribution().statement("bob").total();
        assertThat(section.select(".lifetime").text()).contains(m(lifetime));
        assertThat(section.select("svg[role=img]")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void administratorsOpenAnyStatementAndExportThePeriod() throws Exception {
        StatementFixture.PeriodResult q3 = world.period("2026-Q3");
        for (Map.Entry<String, Long> e : q3.statementIds().entrySet()) {
            String html = as("nadia").get(base() + "/admin/statements/" + e.getValue()).then().statusCode(200).extract().asString();
            assertThat(html).contains(m(q3.distribution().statement(e.getKey()).total()));
        }
        as("nadia").get(base() + "/admin/statements/" + q3.statementIds().get("bob") + "/pdf").then().statusCode(200);

        Document period = Jsoup.parse(as("nadia").get(base() + "/admin/statements/periods/2026-Q3").then().statusCode(200).extract().asString());
        assertThat(period.select("svg.flow[role=img] > title").text()).isEqualTo("Where the period's money went");
        assertThat(period.select(".stats").text()).contains(m(q3.distribution().fees()), m(q3.distribution().paid()),
                m(q3.distribution().suspense()), m(q3.distribution().tenantGross()));
        assertThat(period.select("#statement-rows tbody tr")).hasSize(q3.statementIds().size());

        as("nadia").redirects().follow(false).get(base() + "/admin/statements").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/admin/statements/periods/2026-Q3"));

        String csv = as("nadia").get(base() + "/admin/statements/periods/2026-Q3/csv").then().statusCode(200).extract().asString();
        List<CsvRecord> records = read(csv);
        int lines = q3.distribution().statements().stream().mapToInt(s -> s.lines().size()).sum();
        assertThat(records).hasSize(lines + 1);
        long sum = records.stream().skip(1).mapToLong(r -> Amounts.parse(r.getField(8), StatementFixture.USD)).sum();
        assertThat(sum).isEqualTo(q3.distribution().paid());
        assertThat(records.stream().skip(1).map(r -> r.getField(2))).contains("'=evil").doesNotContain("=evil");
        as("nadia").get(base() + "/admin/statements/periods/2026-Q4/csv").then().statusCode(404);
    }

    @Test
    void buildersSeeWhatTheyOweWithTheTrailAndOnlyTheirOwnFilings() throws Exception {
        StatementFixture.PeriodResult q3 = world.period("2026-Q3");
        long owed = 0;
        List<Long> acme = new ArrayList<>();
        long evil = 0;
        for (var e : q3.calculations().entrySet()) {
            boolean isAcme = q3.distribution().filings().stream().anyMatch(f -> f.filingId().equals(Long.toString(e.getKey())) && f.builder().equals("Acme AI"));
            if (isAcme) {
                owed += e.getValue().tenantGross();
                acme.add(e.getKey());
            } else {
                evil = e.getKey();
            }
        }
        Document page = Jsoup.parse(as("stmt-builder").get(base() + "/builder/statements/2026-Q3").then().statusCode(200).extract().asString());
        assertThat(page.select(".stat .value").first().text()).isEqualTo(m(owed));
        assertThat(page.text()).doesNotContain("-model");
        for (long id : acme) {
            String trail = as("stmt-builder").header("HX-Request", "true").header("HX-Target", "trail-" + id)
                    .get(base() + "/builder/statements/2026-Q3/filings/" + id)
                    .then().statusCode(200).extract().asString();
            assertThat(trail).doesNotContain("<html");
            assertThat(Jsoup.parseBodyFragment(trail).select(".step-result").last().text()).isEqualTo(m(q3.calculations().get(id).tenantGross()));
        }
        as("stmt-builder").get(base() + "/builder/statements/2026-Q3/filings/" + evil).then().statusCode(404);
        String csv = as("stmt-builder").get(base() + "/builder/statements/2026-Q3/csv").then().statusCode(200).extract().asString();
        long csvSum = read(csv).stream().skip(1).mapToLong(r -> Amounts.parse(r.getField(8), StatementFixture.USD)).sum();
        assertThat(csvSum).isEqualTo(owed);
        byte[] pdf = as("stmt-builder").get(base() + "/builder/statements/2026-Q3/pdf").then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains(world.tenantName()).contains(m(owed));
        }
        as("stmt-builder").get(base() + "/builder/statements/2026-Q4").then().statusCode(404);
        // a member on the builder's route is refused by the tenant filter (see aMemberSeesOnlyTheirOwnStatements)
        assertThat(as("alice").get(base() + "/builder/statements/2026-Q3").statusCode()).isNotEqualTo(200);
    }

    long firstLine(long statementId, String user) {
        return Long.parseLong(Jsoup.parse(as(user).get(base() + "/statements/" + statementId).then().statusCode(200).extract().asString())
                .select("tr[id^=line-]").first().id().substring("line-".length()));
    }

    static List<CsvRecord> read(String csv) throws Exception {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(new StringReader(csv))) {
            return reader.stream().toList();
        }
    }

    static String m(long minor) {
        return Amounts.formatGrouped(minor, StatementFixture.USD);
    }

    static String signed(long minor) {
        return minor < 0 ? "−" + m(-minor) : m(minor);
    }
}
