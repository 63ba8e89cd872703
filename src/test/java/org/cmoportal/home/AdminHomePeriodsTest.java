package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The administrator's home reads the latest periods and the count, and the periods in their workflow, not every period
 * of the CMO: a period in review opened long before the latest five is still on the to-do list, the distributed ones
 * never are, and the count is of them all.
 */
@QuarkusTest
class AdminHomePeriodsTest {

    @Test
    void anOldPeriodInReviewIsToDoBesideTheLatestFive() {
        // after "newsguild" in code point order, so that nadia's first CMO stays the demo's
        String slug = Unique.name("zz-home-per");
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Home Periods " + slug,
                "currency", "USD", "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        for (int i = 1; i <= 8; i++) {
            DevTokens.as("nadia").contentType(ContentType.JSON).body(Map.of("label", "P-%02d".formatted(i)))
                    .post("/api/v1/tenants/" + slug + "/periods").then().statusCode(201);
        }
        // P-01 in review, P-02 approved, P-03 .. P-07 distributed (the workflow's steps one at a time), P-08 open
        step(slug, "CLOSED", "P-01", "P-07");
        step(slug, "CALCULATED", "P-02", "P-07");
        step(slug, "APPROVED", "P-02", "P-07");
        step(slug, "DISTRIBUTED", "P-03", "P-07");

        Document home = Jsoup.parse(DevTokens.as("nadia").get("/t/" + slug + "/admin").then().statusCode(200).extract().asString());
        assertThat(home.select("section[aria-labelledby=periods-h] tbody tr td:eq(0)").eachText())
                .hasSize(AdminHome.LATEST_PERIODS).startsWith("P-08", "P-07");
        assertThat(home.select(".stat:has(a[href$=/periods]) .value").text()).isEqualTo("8");
        assertThat(home.select("#to-do li").eachText()).contains(
                "Period P-02 is approved: distribute it",
                "Period P-01 is closed: review its filings, then calculate it");
        assertThat(home.select("#to-do").text()).doesNotContain("P-03", "P-07", "P-08");
    }

    private static void step(String tenant, String state, String from, String to) {
        OwnerSql.execute("UPDATE period SET state = ? WHERE tenant_id = ? AND label BETWEEN ? AND ?", state, tenant, from, to);
    }
}
