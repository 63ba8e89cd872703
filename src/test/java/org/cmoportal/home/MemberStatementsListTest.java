package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.statement.MemberHistory;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A member's statements on their home, one row per period and ref in each CMO: a page at a time per CMO, searched by
 * period label across them; a CMO the member does not belong to never shows. mina is a member of two CMOs this test
 * makes (14 periods in the first, one in the second) and of no other.
 */
@QuarkusTest
class MemberStatementsListTest {

    static final String MEMBER = "mina";
    static final int PERIODS = 14;

    static String many;
    static String few;
    static String foreign;

    @BeforeEach
    void world() {
        synchronized (MemberStatementsListTest.class) {
            if (many != null) {
                return;
            }
            String a = cmo("zz-mina-a", MEMBER);
            for (int i = 1; i <= PERIODS; i++) {
                open(a, "M-%02d".formatted(i));
            }
            String b = cmo("zz-mina-b", MEMBER);
            open(b, "N-01");
            String c = cmo("zz-mina-c", null);
            open(c, "X-SECRET");
            few = b;
            foreign = c;
            many = a;
        }
    }

    @Test
    void eachCmosStatementsComeAPageAtATimeOnTheirOwn() {
        Document home = home("/member");
        assertThat(periods(home, many)).hasSize(MemberHistory.PAGE)
                .containsExactly("M-14", "M-13", "M-12", "M-11", "M-10", "M-09", "M-08", "M-07", "M-06", "M-05", "M-04", "M-03");
        Element pager = section(home, many).selectFirst("nav.pager");
        assertThat(pager.text()).contains("Page 1 of 2", "1–12 of 14 periods");
        assertThat(pager.select("a[rel=next]").attr("href")).isEqualTo("/member?page-" + many + "=2");
        // the CMO with one period has no pages to turn
        assertThat(periods(home, few)).containsExactly("N-01");
        assertThat(section(home, few).select("nav.pager")).isEmpty();

        Document second = home("/member?page-" + many + "=2");
        assertThat(periods(second, many)).containsExactly("M-02", "M-01");
        assertThat(section(second, many).select("nav.pager a[rel=next]")).as("no next page after the last").isEmpty();
        assertThat(section(second, many).select("nav.pager a[rel=prev]").attr("href")).isEqualTo("/member?page-" + many + "=1");
        // turning one CMO's pages leaves the other's where it starts
        assertThat(periods(second, few)).containsExactly("N-01");
        // a page beyond the last shows the last; what is not a number, the first
        assertThat(periods(home("/member?page-" + many + "=99"), many)).containsExactly("M-02", "M-01");
        assertThat(periods(home("/member?page-" + many + "=x"), many)).hasSize(MemberHistory.PAGE);

        // a CMO mina does not belong to never shows, nor its periods
        assertThat(home.select("main").text()).doesNotContain("X-SECRET", foreign);
        assertThat(home.select("section[aria-labelledby=m-" + foreign + "]")).isEmpty();
    }

    @Test
    void theSearchFindsPeriodsByLabelInEveryCmoAndTheRowsAloneForHtmx() {
        Document found = search("m-1");
        assertThat(periods(found, many)).containsExactly("M-14", "M-13", "M-12", "M-11", "M-10");
        assertThat(section(found, few).select(".empty").text()).isEqualTo("No period of " + name(few) + " matches “m-1”.");
        assertThat(found.selectFirst("#statements-q").val()).isEqualTo("m-1");
        assertThat(periods(search("N-0"), few)).containsExactly("N-01");
        assertThat(periods(search("N-0"), many)).isEmpty();
        // a LIKE wildcard is a character like any other
        assertThat(periods(search("%"), many)).isEmpty();
        // the pages of a search keep it
        Document all = search("M-");
        assertThat(section(all, many).select("nav.pager a[rel=next]").attr("href")).isEqualTo("/member?q=M-&page-" + many + "=2");

        String rows = DevTokens.as(MEMBER).header("HX-Request", "true").header("HX-Target", "statement-lists")
                .queryParam("q", "m-1").get("/member").then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html", "At a glance").contains("id=\"statement-lists\"", "M-14");
        assertThat(home("/member?q=m-1").select("h1").text()).isEqualTo("My statements");
    }

    private static Document home(String path) {
        return Jsoup.parse(DevTokens.as(MEMBER).urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString());
    }

    private static Document search(String query) {
        return Jsoup.parse(DevTokens.as(MEMBER).queryParam("q", query).get("/member").then().statusCode(200).extract().asString());
    }

    private static Element section(Document home, String tenant) {
        Element section = home.selectFirst("#statement-lists section[aria-labelledby=m-" + tenant + "]");
        assertThat(section).as("the section of " + tenant).isNotNull();
        return section;
    }

    private static List<String> periods(Document home, String tenant) {
        return section(home, tenant).select("table.history tbody tr td:first-child").eachText();
    }

    private static String name(String tenant) {
        return "Mina Guild " + tenant;
    }

    /** A CMO of this test's own; {@code member} holds the ref "mina-1" in it (none: nobody does). */
    private static String cmo(String prefix, String member) {
        String slug = Unique.name(prefix);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name(slug), "currency", "EUR",
                "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        if (member != null) {
            DevTokens.as("nadia").contentType(ContentType.JSON).body(Map.of("ref", "mina-1", "name", "Mina Member", "username", member))
                    .post("/api/v1/tenants/" + slug + "/members").then().statusCode(201);
        }
        return slug;
    }

    private static void open(String tenant, String label) {
        DevTokens.as("nadia").contentType(ContentType.JSON).body(Map.of("label", label))
                .post("/api/v1/tenants/" + tenant + "/periods").then().statusCode(201);
    }
}
