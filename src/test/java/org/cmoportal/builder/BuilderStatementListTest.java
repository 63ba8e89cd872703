package org.cmoportal.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The builder's "What we owe, by period": a page at a time, the latest period first, searched by period label; another
 * CMO's periods are never found.
 */
@QuarkusTest
class BuilderStatementListTest {

    @Test
    void periodsComeAPageAtATimeAndAreFoundByLabel() {
        String tenant = cmo("owed");
        for (int i = 1; i <= 52; i++) {
            open(tenant, "W-%03d".formatted(i));
        }
        String other = cmo("owed-other");
        open(other, "ELSEWHERE-1");
        String list = Routes.builderStatements(tenant);

        Document one = page(list);
        assertThat(periods(one)).hasSize(50);
        assertThat(periods(one).get(0)).isEqualTo("W-052");
        assertThat(one.selectFirst("#period-rows nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 periods");
        assertThat(one.select("#period-rows nav.pager a[rel=next]").attr("href")).isEqualTo(list + "?page=2");
        Document two = page(list + "?page=2");
        assertThat(periods(two)).containsExactly("W-002", "W-001");
        assertThat(two.select("#period-rows nav.pager a[rel=next]")).as("no next page after the last").isEmpty();

        assertThat(periods(page(list + "?q=w-04"))).containsExactly("W-049", "W-048", "W-047", "W-046", "W-045", "W-044",
                "W-043", "W-042", "W-041", "W-040");
        assertThat(page(list + "?q=w-04").selectFirst("#periods-q").val()).isEqualTo("w-04");
        assertThat(Jsoup.parse(as("bruno").queryParam("q", "%").get(list).then().statusCode(200).extract().asString())
                .select("#period-rows .empty").text()).isEqualTo("No period matches “%”.");
        // another CMO's period is not found here, and is there
        assertThat(periods(page(list + "?q=elsewhere"))).isEmpty();
        assertThat(periods(page(Routes.builderStatements(other)))).containsExactly("ELSEWHERE-1");

        // typing asks for the rows alone
        String rows = as("bruno").header("HX-Request", "true").header("HX-Target", "period-rows").queryParam("q", "W-052")
                .get(list).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("id=\"period-rows\"", "W-052").doesNotContain("W-051");
    }

    /** A CMO of its own that licenses acme-ai (bruno). */
    private static String cmo(String prefix) {
        String tenant = Unique.name(prefix);
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Owed Guild " + tenant, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia")).post("/api/v1/tenants/" + tenant + "/admins")
                .then().statusCode(201);
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", tenant, "acme-ai");
        return tenant;
    }

    private static void open(String tenant, String label) {
        as("nadia").contentType(ContentType.JSON).body(Map.of("label", label)).post("/api/v1/tenants/" + tenant + "/periods")
                .then().statusCode(201);
    }

    private static Document page(String path) {
        return Jsoup.parse(as("bruno").get(path).then().statusCode(200).extract().asString());
    }

    private static List<String> periods(Document page) {
        return page.select("#period-rows tbody tr td:first-child").eachText();
    }
}
