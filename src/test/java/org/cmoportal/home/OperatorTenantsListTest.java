package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The operator's tenants: a page at a time by name, searched by slug or name; a CMO administrator never sees the list. */
@QuarkusTest
class OperatorTenantsListTest {

    @Test
    void tenantsComeAPageAtATimeAndAreFoundBySlugOrName() {
        String marker = Unique.name("opl");
        int made = 52;
        for (int i = 1; i <= made; i++) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-t" + i,
                    "name", "Listed Guild " + marker.toUpperCase() + " %02d".formatted(i), "currency", "EUR",
                    "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                    .post("/api/v1/tenants").then().statusCode(201);
        }
        Document all = page(null, null);
        assertThat(rows(all)).hasSize(50);
        assertThat(all.select("nav.pager a[rel=next]").attr("href")).isEqualTo("/operator?page=2");

        // the name's search, any case: 52 of them, by name
        Document first = page(marker, null);
        assertThat(rows(first)).hasSize(50);
        assertThat(rows(first).get(0)).contains(marker + "-t1");
        assertThat(first.select("nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 CMOs");
        assertThat(first.select("nav.pager a[rel=next]").attr("href")).isEqualTo("/operator?q=" + marker + "&page=2");
        Document second = page(marker, "2");
        assertThat(rows(second)).hasSize(2);
        assertThat(rows(second).get(1)).contains(marker + "-t52");
        assertThat(second.select("nav.pager a[rel=next]")).as("no next page after the last").isEmpty();
        assertThat(second.select("nav.pager a[rel=prev]").attr("href")).isEqualTo("/operator?q=" + marker + "&page=1");
        // by slug
        assertThat(rows(page(marker + "-t17", null))).hasSize(1).allMatch(r -> r.contains("Listed Guild " + marker.toUpperCase() + " 17"));
        // by name, in another case
        assertThat(rows(page("guild " + marker + " 03", null))).hasSize(1);
        // a LIKE wildcard is a character like any other
        assertThat(page("%", null).select(".empty").text()).isEqualTo("No CMO matches “%”.");
        assertThat(page(marker, null).selectFirst("#tenants-q").val()).isEqualTo(marker);

        // the list is the operator's alone
        DevTokens.as("nadia").get("/operator").then().statusCode(403);
    }

    @Test
    void tenantsOfOneNameKeepTheirPlacesAcrossPagesBySlug() {
        // made in the reverse of their slugs' order, so only the slug puts them in order
        String marker = Unique.name("opt");
        int made = 51;
        for (int i = made; i >= 1; i--) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-s%02d".formatted(i),
                    "name", "Twin Guild " + marker, "currency", "EUR", "adminFeeRate", "0.10",
                    "categories", List.of(Map.of("key", "news", "name", "News"))))
                    .post("/api/v1/tenants").then().statusCode(201);
        }
        List<String> first = rows(page(marker, null));
        List<String> second = rows(page(marker, "2"));
        assertThat(first).hasSize(50);
        assertThat(first.get(0)).contains(marker + "-s01");
        assertThat(first.get(49)).contains(marker + "-s50");
        assertThat(second).hasSize(1).allMatch(r -> r.contains(marker + "-s51"));
        // a page past the last shows the last
        assertThat(rows(page(marker, "9"))).isEqualTo(second);
    }

    private static Document page(String query, String page) {
        var request = DevTokens.as("olivia");
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        return Jsoup.parse(request.get("/operator").then().statusCode(200).extract().asString());
    }

    private static List<String> rows(Document page) {
        return page.select("section[aria-labelledby=tenants-h] tbody > tr").eachText();
    }
}
