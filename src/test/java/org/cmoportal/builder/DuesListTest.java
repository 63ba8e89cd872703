package org.cmoportal.builder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The administrator's dues page reads its builder organisations and its receipts a page at a time (web/Paging), each
 * list with its own page parameter, and one search narrows both; only the entered CMO's organisations and receipts.
 */
@QuarkusTest
class DuesListTest {

    @Test
    void organisationsAndReceiptsArePagedApartAndOneSearchNarrowsBoth() {
        String cmo = cmo("nadia");
        String other = cmo("noah");
        // 55 licensed organisations "Org 01" .. "Org 55", each with one receipt "ref-NN", the lower numbers received later
        OwnerSql.execute("INSERT INTO builder_org (slug, name) SELECT ? || '-o' || lpad(g::text, 2, '0'), 'Org ' || lpad(g::text, 2, '0')"
                + " FROM generate_series(1, 55) g", cmo);
        OwnerSql.execute("INSERT INTO licence (tenant_id, builder_id, granted_by) SELECT ?, id, 'nadia' FROM builder_org WHERE slug LIKE ? || '-o%'",
                cmo, cmo);
        OwnerSql.execute("""
                INSERT INTO builder_receipt (tenant_id, builder_id, period_id, amount, received_on, reference, recorded_by)
                SELECT ?, b.id, p.id, 100, current_date - right(b.slug, 2)::int, 'ref-' || right(b.slug, 2), 'nadia'
                  FROM builder_org b, period p WHERE b.slug LIKE ? || '-o%' AND p.tenant_id = ?""", cmo, cmo, cmo);
        // the other CMO's organisation and receipt, named so that this CMO's search would find them
        OwnerSql.execute("INSERT INTO builder_org (slug, name) VALUES (? || '-else', 'Org elsewhere')", other);
        OwnerSql.execute("INSERT INTO licence (tenant_id, builder_id, granted_by) SELECT ?, id, 'noah' FROM builder_org WHERE slug = ? || '-else'",
                other, other);
        OwnerSql.execute("""
                INSERT INTO builder_receipt (tenant_id, builder_id, period_id, amount, received_on, reference, recorded_by)
                SELECT ?, b.id, p.id, 100, current_date, 'ref-elsewhere', 'noah'
                  FROM builder_org b, period p WHERE b.slug = ? || '-else' AND p.tenant_id = ?""", other, other, other);
        String base = Routes.dues(cmo);

        Document first = page(base);
        assertThat(organisations(first)).hasSize(Paging.SIZE).startsWith("Org 01").endsWith("Org 50");
        assertThat(pager(first, "builder organisations").text()).contains("Page 1 of 2", "1–50 of 55 builder organisations");
        assertThat(pager(first, "builder organisations").select("a[rel=next]").attr("href")).isEqualTo(base + "?receiptsPage=1&page=2");
        assertThat(receipts(first)).hasSize(Paging.SIZE).startsWith("ref-01").endsWith("ref-50");
        assertThat(pager(first, "receipts").select("a[rel=next]").attr("href")).isEqualTo(base + "?page=1&receiptsPage=2");

        // each list keeps its own place: the second page of organisations, the receipts still on their first
        Document second = page(base + "?receiptsPage=1&page=2");
        assertThat(organisations(second)).containsExactly("Org 51", "Org 52", "Org 53", "Org 54", "Org 55");
        assertThat(receipts(second)).hasSize(Paging.SIZE).startsWith("ref-01");
        assertThat(pager(second, "receipts").select("a[rel=next]").attr("href")).isEqualTo(base + "?page=2&receiptsPage=2");
        Document lastReceipts = page(base + "?page=2&receiptsPage=2");
        assertThat(receipts(lastReceipts)).containsExactly("ref-51", "ref-52", "ref-53", "ref-54", "ref-55");
        assertThat(organisations(lastReceipts)).hasSize(5);

        // by organisation name: both lists narrowed, the search kept in the pages' links
        Document byName = Jsoup.parse(DevTokens.as("nadia").queryParam("q", "org 0").get(base).then().statusCode(200).extract().asString());
        assertThat(organisations(byName)).containsExactly("Org 01", "Org 02", "Org 03", "Org 04", "Org 05", "Org 06", "Org 07", "Org 08", "Org 09");
        assertThat(receipts(byName)).hasSize(9).allMatch(r -> r.startsWith("ref-0"));
        assertThat(byName.select("nav.pager")).isEmpty();
        assertThat(byName.select("input[name=q]").attr("value")).isEqualTo("org 0");
        Document byOrg = page(base + "?q=org");
        assertThat(pager(byOrg, "builder organisations").select("a[rel=next]").attr("href")).isEqualTo(base + "?q=org&receiptsPage=1&page=2");
        // by reference: no organisation is named so, one receipt is
        Document byReference = page(base + "?q=REF-55");
        assertThat(organisations(byReference)).isEmpty();
        assertThat(byReference.select("#dues-lists > p.empty").text()).isEqualTo("No builder organisation matches “REF-55”.");
        assertThat(receipts(byReference)).containsExactly("ref-55");

        // the htmx search asks for the two lists alone, from the same address
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "dues-lists").queryParam("q", "ref-07")
                .get(base).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html", "id=\"record-h\"", "Copy it from the CMO's bank statement");
        Document fragment = Jsoup.parseBodyFragment(rows);
        assertThat(fragment.select("#dues-lists")).hasSize(1);
        assertThat(receipts(fragment)).containsExactly("ref-07");

        // the other CMO's organisation and receipt never appear here, and its page is not this administrator's
        Document elsewhere = page(base + "?q=elsewhere");
        assertThat(organisations(elsewhere)).isEmpty();
        assertThat(receipts(elsewhere)).isEmpty();
        assertThat(elsewhere.text()).doesNotContain("Org elsewhere", "ref-elsewhere");
        assertThat(Jsoup.parse(DevTokens.as("noah").get(Routes.dues(other)).then().statusCode(200).extract().asString())
                .select("table.receipts tbody td:eq(3)").eachText()).containsExactly("ref-elsewhere");
        DevTokens.as("noah").get(base + "?q=org&page=2").then().statusCode(404);
    }

    /**
     * A CMO of its own, its one administrator and one period; named to sort after the demo's CMOs, so that an
     * administrator's home still lands on the first of those.
     */
    private static String cmo(String admin) {
        String slug = Unique.name("zz-dues");
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Dues Guild " + slug, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        DevTokens.as(admin).contentType(ContentType.JSON).body(Map.of("label", "2027-Q1"))
                .post("/api/v1/tenants/" + slug + "/periods").then().statusCode(201);
        return slug;
    }

    private static Document page(String address) {
        return Jsoup.parse(DevTokens.as("nadia").get(address).then().statusCode(200).extract().asString());
    }

    /** The organisations' names, in the page's order. */
    private static List<String> organisations(Document page) {
        return page.select("#dues-lists section.card[aria-labelledby^=dues-] h2").stream()
                .map(h -> h.ownText().strip()).toList();
    }

    /** The receipts' references, in the page's order. */
    private static List<String> receipts(Document page) {
        return page.select("#dues-lists table.receipts tbody tr td:eq(3)").eachText();
    }

    private static Element pager(Document page, String what) {
        Element nav = page.selectFirst("nav[aria-label='Pages of " + what + "']");
        assertThat(nav).as("the pages of the %s", what).isNotNull();
        return nav;
    }
}
