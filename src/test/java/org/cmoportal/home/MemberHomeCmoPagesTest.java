package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The CMOs on a member's home, a page at a time by slug, searched by name or slug: milo is a member of two CMOs more
 * than a page shows (made in the reverse of their slugs' order, with names in the reverse order too, so only the slug
 * puts them in order) and of no other; a CMO he does not belong to never shows.
 */
@QuarkusTest
class MemberHomeCmoPagesTest {

    static final String MEMBER = "milo";
    static final int MADE = MemberHome.CMOS_PAGE + 2;

    static String marker;
    static List<String> slugs;
    static String foreign;

    @BeforeEach
    void world() {
        made();
    }

    /** Makes milo's CMOs once, for this class and the browser's (the application must be up). */
    static void made() {
        synchronized (MemberHomeCmoPagesTest.class) {
            if (slugs != null) {
                return;
            }
            String m = Unique.name("zz-milo");
            List<String> made = new ArrayList<>();
            for (int i = MADE; i >= 1; i--) {
                made.add(0, cmo(m + "-c%02d".formatted(i), "Milo Guild " + m.toUpperCase() + " n%02d".formatted(MADE + 1 - i), MEMBER));
            }
            foreign = cmo(m + "-x", "Milo Guild " + m.toUpperCase() + " foreign", null);
            marker = m;
            slugs = made;
        }
    }

    @Test
    void theCmosComeAPageAtATimeBySlugWithTheirCounts() {
        Document first = home("/member");
        assertThat(first.select(".page-head .muted").text()).isEqualTo(MADE + " CMOs");
        assertThat(glance(first)).containsExactlyElementsOf(slugs.subList(0, MemberHome.CMOS_PAGE));
        assertThat(sections(first)).containsExactlyElementsOf(slugs.subList(0, MemberHome.CMOS_PAGE));
        assertThat(first.select("nav[aria-label='Pages of CMOs']").text())
                .contains("Page 1 of 2", "1–" + MemberHome.CMOS_PAGE + " of " + MADE + " CMOs");
        assertThat(first.select("nav[aria-label='Pages of CMOs'] a[rel=next]").attr("href")).isEqualTo("/member?cmosPage=2");
        assertThat(first.select("nav[aria-label='Pages of CMOs'] a[rel=prev]")).isEmpty();
        // totals and the chart of all the member's CMOs would add up only the page's: not shown, and said so
        assertThat(first.select("table.glance tfoot")).isEmpty();
        assertThat(first.select("svg.grouped")).isEmpty();
        assertThat(first.select("section.glance .paged-note").text()).contains(MemberHome.CMOS_PAGE + " at a time");

        Document second = home("/member?cmosPage=2");
        assertThat(glance(second)).containsExactlyElementsOf(slugs.subList(MemberHome.CMOS_PAGE, MADE));
        assertThat(sections(second)).containsExactlyElementsOf(slugs.subList(MemberHome.CMOS_PAGE, MADE));
        assertThat(second.select("nav[aria-label='Pages of CMOs']").text()).contains("Page 2 of 2",
                (MemberHome.CMOS_PAGE + 1) + "–" + MADE + " of " + MADE + " CMOs");
        assertThat(second.select("nav[aria-label='Pages of CMOs'] a[rel=next]")).as("no next page after the last").isEmpty();
        assertThat(second.select("nav[aria-label='Pages of CMOs'] a[rel=prev]").attr("href")).isEqualTo("/member?cmosPage=1");
        assertThat(second.select(".page-head .muted").text()).isEqualTo(MADE + " CMOs");
        // the statements' search keeps the page of CMOs it searches in
        assertThat(second.select("form:has(#statements-q) input[type=hidden][name=cmosPage]").val()).isEqualTo("2");

        // a page beyond the last shows the last; what is not a number, the first
        assertThat(glance(home("/member?cmosPage=99"))).isEqualTo(glance(second));
        assertThat(glance(home("/member?cmosPage=x"))).isEqualTo(glance(first));

        // a CMO milo does not belong to never shows, on any page
        for (Document page : List.of(first, second)) {
            assertThat(page.select("main").text()).doesNotContain(foreign, "foreign");
            assertThat(page.select("[data-tenant=" + foreign + "]")).isEmpty();
        }
    }

    @Test
    void theCmosAreFoundByNameOrSlugAndTheListAloneForHtmx() {
        // by slug
        Document bySlug = home("/member?cmosQ=" + marker + "-c11");
        assertThat(glance(bySlug)).containsExactly(slugs.get(10));
        assertThat(sections(bySlug)).containsExactly(slugs.get(10));
        assertThat(bySlug.selectFirst("#cmos-q").val()).isEqualTo(marker + "-c11");
        assertThat(bySlug.select("nav[aria-label='Pages of CMOs']")).as("one page found: nothing to turn").isEmpty();
        // by name, in another case: the name n12 is the first slug's
        Document byName = home("/member?cmosQ=milo+guild+" + marker + "+N12");
        assertThat(glance(byName)).containsExactly(slugs.get(0));
        // the pages of a search keep it
        Document all = home("/member?cmosQ=" + marker);
        assertThat(glance(all)).hasSize(MemberHome.CMOS_PAGE);
        assertThat(all.select("nav[aria-label='Pages of CMOs'] a[rel=next]").attr("href")).isEqualTo("/member?cmosQ=" + marker + "&cmosPage=2");
        // a LIKE wildcard is a character like any other; another member's CMO is not found by its name
        assertThat(home("/member?cmosQ=%25").select("#cmos .empty").text()).isEqualTo("No CMO of yours matches “%”.");
        assertThat(glance(home("/member?cmosQ=foreign"))).isEmpty();
        assertThat(glance(home("/member?cmosQ=" + foreign))).isEmpty();

        String list = DevTokens.as(MEMBER).header("HX-Request", "true").header("HX-Target", "cmos")
                .queryParam("cmosQ", marker + "-c12").get("/member").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("<html", "<h1").contains("id=\"cmos\"", "At a glance", slugs.get(11));
        Document fragment = Jsoup.parse(list);
        assertThat(glance(fragment)).containsExactly(slugs.get(11));
        assertThat(sections(fragment)).containsExactly(slugs.get(11));
    }

    private static Document home(String path) {
        return Jsoup.parse(DevTokens.as(MEMBER).urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString());
    }

    private static List<String> glance(Document home) {
        return home.select("table.glance tbody tr").eachAttr("data-tenant");
    }

    private static List<String> sections(Document home) {
        return home.select("#statement-lists > section").eachAttr("aria-labelledby").stream().map(s -> s.substring(2)).toList();
    }

    /** A CMO with this slug and name; {@code member} holds the ref "milo-1" in it (none: nobody does). */
    private static String cmo(String slug, String name, String member) {
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name, "currency", "EUR",
                "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        if (member != null) {
            DevTokens.as("nadia").contentType(ContentType.JSON).body(Map.of("ref", "milo-1", "name", "Milo Member", "username", member))
                    .post("/api/v1/tenants/" + slug + "/members").then().statusCode(201);
        }
        return slug;
    }
}
