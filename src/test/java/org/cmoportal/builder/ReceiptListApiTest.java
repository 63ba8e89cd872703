package org.cmoportal.builder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.ApiPaging.Page;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The receipts a CMO records grow with every builder and period: {@code GET /api/v1/tenants/{t}/builder-receipts} is
 * searched by organisation (name or slug), period or reference ({@code q}), read a page at a time ({@code page},
 * {@code size}) newest first, the whole count in {@code X-Total-Count}; for the tenant's administrators alone.
 */
@QuarkusTest
class ReceiptListApiTest {

    static final String DAY = LocalDate.now(ZoneOffset.UTC).minusDays(3).toString();

    @Test
    void receiptsArePagedAndSearched() {
        String tenant = Unique.name("rcl");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Receipt Lists " + tenant, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        as("olivia").contentType(ContentType.JSON).body(Map.of("username", "nadia")).post("/api/v1/tenants/" + tenant + "/admins")
                .then().statusCode(201);
        String one = Unique.name("rone");
        String two = Unique.name("rtwo");
        Organisations.ensure(one, "Quill Makers " + one, "bruno");
        Organisations.ensure(two, "Other Makers " + two, "bruno");
        Organisations.license("nadia", tenant, one);
        Organisations.license("nadia", tenant, two);
        for (String p : List.of("2031-Q1", "2031-Q2")) {
            api("nadia", tenant).contentType(ContentType.JSON).body(Map.of("label", p)).post("/periods").then().statusCode(201);
        }
        // five receipts of the first organisation in 2031-Q1, recorded one after another: the latest id comes first
        for (int i = 1; i <= 5; i++) {
            record(tenant, one, "2031-Q1", "REF-" + i);
        }
        record(tenant, two, "2031-Q2", "OTHER-1");

        ApiPaging<String> receipts = ApiPaging.of(() -> api("nadia", tenant), "/builder-receipts", "reference", String.class);
        receipts.assertPaged("OTHER-1", "REF-5", "REF-4", "REF-3", "REF-2", "REF-1");

        // by the organisation's name (another case), its slug, the period
        Page<String> byName = receipts.assertFinds("OTHER MAKERS", "OTHER-1");
        assertThat(byName.response().jsonPath().getList("builder", String.class)).containsExactly(two);
        receipts.assertFinds(one, "REF-5", "REF-4", "REF-3", "REF-2", "REF-1");
        receipts.assertFinds("2031-q2", "OTHER-1");
        receipts.assertFinds("nothing-like-it");

        // as before: a builder is not allowed, another CMO's administrator finds no such tenant
        api("bruno", tenant).queryParam("page", 2).get("/builder-receipts").then().statusCode(403);
        api("cora", tenant).queryParam("q", one).get("/builder-receipts").then().statusCode(404);
    }

    private static void record(String tenant, String builder, String period, String reference) {
        api("nadia", tenant).contentType(ContentType.JSON).body(Map.of("builder", builder, "period", period, "amount", "10.00",
                "receivedOn", DAY, "reference", reference)).post("/builder-receipts").then().statusCode(201);
    }

    private static RequestSpecification api(String user, String tenant) {
        return given().auth().oauth2(DevTokens.of(user)).basePath("/api/v1/tenants/" + tenant);
    }
}
