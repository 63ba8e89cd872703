package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.statement.MemberHistory;
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

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A member's statements in one CMO when there are more than a page of them, read a page at a time in the database:
 * mona holds two refs in a CMO this test makes, with six distributed periods (a statement per ref in each) and an open
 * one, 13 rows for a page of 12; bob's statements there are never hers.
 */
@QuarkusTest
class MemberStatementPagesTest {

    static final String MEMBER = "mona";
    static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
    static final List<String> DISTRIBUTED = List.of("2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2");
    static final String OPEN = "2028-Q3";

    static String cmo;

    @BeforeEach
    void world() {
        synchronized (MemberStatementPagesTest.class) {
            if (cmo != null) {
                return;
            }
            String slug = Unique.name("zz-mona");
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Mona Guild " + slug,
                    "currency", "EUR", "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                    "categories", List.of(Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"))))
                    .post("/api/v1/tenants").then().statusCode(201);
            for (String admin : List.of("nadia", "noah")) {
                DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                        .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
            }
            for (String[] m : List.of(new String[] {"mona-1", MEMBER}, new String[] {"mona-2", MEMBER}, new String[] {"bob-9", "bob"})) {
                api(slug, "nadia").contentType(ContentType.JSON).body(Map.of("ref", m[0], "name", "Member " + m[0], "username", m[1]))
                        .post("/members").then().statusCode(201);
            }
            Organisations.ensure("acme-ai", "Acme AI", "bruno");
            Organisations.license("nadia", slug, "acme-ai");
            int n = 0;
            for (String period : DISTRIBUTED) {
                n++;
                distribute(slug, period, List.of(new Filings.Line("news", "mona-1", n), new Filings.Line("news", "mona-2", 10 - n),
                        new Filings.Line("news", "bob-9", 5)));
            }
            api(slug, "nadia").contentType(ContentType.JSON).body(Map.of("label", OPEN)).post("/periods").then().statusCode(201);
            cmo = slug;
        }
    }

    @Test
    void theSecondPageHasTheRestInOrderAndTheWholeHistoryStaysWhole() {
        // newest period first, then the ref: the open period alone, then both refs in each distributed period
        List<String> expected = new ArrayList<>(List.of(OPEN + " "));
        for (int i = DISTRIBUTED.size() - 1; i >= 0; i--) {
            expected.add(DISTRIBUTED.get(i) + " mona-1");
            expected.add(DISTRIBUTED.get(i) + " mona-2");
        }
        assertThat(expected).hasSize(MemberHistory.PAGE + 1);

        Document first = home("/member");
        assertThat(rows(first)).containsExactlyElementsOf(expected.subList(0, MemberHistory.PAGE));
        assertThat(section(first).selectFirst("nav.pager").text()).contains("Page 1 of 2", "1–12 of 13 periods");
        Document second = home("/member?page-" + cmo + "=2");
        assertThat(rows(second)).containsExactly("2027-Q1 mona-2");
        assertThat(section(second).selectFirst("nav.pager").text()).contains("Page 2 of 2", "13–13 of 13 periods");

        // each statement's row links it with its own total and number of lines, as stored
        for (Document page : List.of(first, second)) {
            for (Element row : section(page).select("table.history tbody tr:has(a)")) {
                String period = row.child(0).text();
                String ref = row.child(1).text();
                long id = statement(period, ref);
                assertThat(row.select("a").attr("href")).isEqualTo(Routes.memberStatement(cmo, id));
                long lines = OwnerSql.number("SELECT count(*) FROM statement_line WHERE tenant_id = ? AND statement_id = ?", cmo, id);
                assertThat(lines).isPositive();
                assertThat(row.select("a").text()).isEqualTo("Statement (" + lines + " line" + (lines == 1 ? "" : "s") + ")");
                assertThat(row.child(3).text()).isEqualTo(Amounts.formatGrouped(
                        OwnerSql.number("SELECT total FROM statement WHERE id = ?", id), EUR));
            }
        }
        assertThat(section(first).select("table.history tbody tr").first().text()).contains("Not distributed yet (open)");
        assertThat(section(first).text()).doesNotContain("bob-9");

        // what needs the whole history does not depend on the page: the lifetime total, the latest statement explained
        long lifetime = OwnerSql.number("SELECT sum(total) FROM statement WHERE tenant_id = ? AND member_ref IN ('mona-1', 'mona-2')", cmo);
        String how = Routes.memberStatementHow(cmo, statement("2028-Q2", "mona-1"));
        for (Document page : List.of(first, second)) {
            assertThat(section(page).select(".lifetime strong").text()).isEqualTo(Amounts.formatGrouped(lifetime, EUR) + " EUR");
            assertThat(section(page).select("p.how a").attr("href")).isEqualTo(how);
            // one bar per distributed period in the CMO's earnings chart
            assertThat(section(page).select("svg.bars rect title").eachText()).hasSize(DISTRIBUTED.size());
        }
    }

    @Test
    void theSearchByPeriodNarrowsTheRowsInTheDatabaseInOrder() {
        assertThat(rows(search("2028"))).containsExactly(OPEN + " ", "2028-Q2 mona-1", "2028-Q2 mona-2", "2028-Q1 mona-1", "2028-Q1 mona-2");
        assertThat(section(search("2028")).select("nav.pager")).as("one page").isEmpty();
        assertThat(rows(search("2027-q1"))).containsExactly("2027-Q1 mona-1", "2027-Q1 mona-2");
        assertThat(rows(search("Q_"))).as("a LIKE wildcard is a character like any other").isEmpty();
        // the page asked for is kept within the search's pages
        Document beyond = Jsoup.parse(DevTokens.as(MEMBER).urlEncodingEnabled(false).get("/member?q=2027&page-" + cmo + "=2")
                .then().statusCode(200).extract().asString());
        assertThat(rows(beyond)).containsExactly("2027-Q4 mona-1", "2027-Q4 mona-2", "2027-Q3 mona-1", "2027-Q3 mona-2",
                "2027-Q2 mona-1", "2027-Q2 mona-2", "2027-Q1 mona-1", "2027-Q1 mona-2");
    }

    private static long statement(String period, String ref) {
        return OwnerSql.number("""
                SELECT s.id FROM statement s JOIN period p ON p.tenant_id = s.tenant_id AND p.id = s.period_id
                 WHERE s.tenant_id = ? AND s.member_ref = ? AND p.label = ?""", cmo, ref, period);
    }

    private static Document home(String path) {
        return Jsoup.parse(DevTokens.as(MEMBER).urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString());
    }

    private static Document search(String query) {
        return Jsoup.parse(DevTokens.as(MEMBER).queryParam("q", query).get("/member").then().statusCode(200).extract().asString());
    }

    private static Element section(Document home) {
        Element section = home.selectFirst("#statement-lists section[aria-labelledby=m-" + cmo + "]");
        assertThat(section).as("the section of " + cmo).isNotNull();
        return section;
    }

    /** Each row of the CMO's table as "period ref" (the ref empty for a period without a statement). */
    private static List<String> rows(Document home) {
        return section(home).select("table.history tbody tr").stream().map(r -> r.child(0).text() + " " + r.child(1).text()).toList();
    }

    /** Opens, files for acme-ai with {@code usage}, closes, accepts, calculates (nadia), approves (noah), distributes (nadia). */
    private static void distribute(String slug, String period, List<Filings.Line> usage) {
        api(slug, "nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
        long id = Filings.submit("bruno", slug, period, null, new Filings.Filing("mona-model", "EUR", "1000000.00",
                "100000.00", "0", "0.30", Map.of("news", "0.8", "other", "0.2"), null, usage));
        api(slug, "nadia").post("/periods/" + period + "/close").then().statusCode(200);
        api(slug, "nadia").contentType(ContentType.JSON).body(Map.of()).post("/periods/" + period + "/filings/" + id + "/accept")
                .then().statusCode(200);
        api(slug, "nadia").post("/periods/" + period + "/calculate").then().statusCode(200);
        api(slug, "noah").post("/periods/" + period + "/approve").then().statusCode(200);
        api(slug, "nadia").post("/periods/" + period + "/distribute").then().statusCode(200);
    }

    private static RequestSpecification api(String slug, String user) {
        return DevTokens.as(user).basePath("/api/v1/tenants/" + slug);
    }
}
