package org.cmoportal.period;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;


import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A test CMO set up through the API (operator olivia, administrators nadia and noah, builder bruno of acme-ai),
 * real tokens from the Dev Services OIDC provider.
 */
final class Cmo {

    private static final Map<String, Cmo> MADE = new ConcurrentHashMap<>();

    final String slug;

    private Cmo(String slug) {
        this.slug = slug;
    }

    /**
     * The tenant {@code slug}, created by the first test that asks (from a test method or {@code @BeforeEach}: RestAssured
     * knows the random test port only once the tests run) and shared by the rest of the run.
     */
    static Cmo once(String slug, List<String> memberRefs) {
        return MADE.computeIfAbsent(slug, s -> create(s, memberRefs));
    }

    /** Creates the tenant (USD, fee 0.10, band [0.20, 0.50]) with news (pro rata) and code (equal shares). */
    static Cmo create(String slug, List<String> memberRefs) {
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "CMO " + slug, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", List.of(
                        Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"),
                        Map.of("key", "code", "name", "Code", "rule", "EQUAL_SHARES"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        }
        Cmo cmo = new Cmo(slug);
        for (String ref : memberRefs) {
            cmo.api("nadia").contentType(ContentType.JSON).body(Map.of("ref", ref, "name", "Member " + ref))
                    .post("/members").then().statusCode(201);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", slug, "acme-ai");
        return cmo;
    }

    void open(String period) {
        api("nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
    }

    /** Opens {@code period}, files one filing, closes the period and accepts the filing (nadia). */
    FilingFixture.Filed closedWithAcceptedFiling(String period, FilingFixture.Spec spec) {
        open(period);
        FilingFixture.Filed f = FilingFixture.file(slug, period, spec);
        post("nadia", period, "close").then().statusCode(200);
        postJson("nadia", "/periods/" + period + "/filings/" + f.id() + "/accept", Map.of()).then().statusCode(200);
        return f;
    }

    /** A request as {@code user} with the tenant's API base path. */
    RequestSpecification api(String user) {
        return as(user).basePath("/api/v1/tenants/" + slug);
    }

    Response post(String user, String period, String action) {
        return api(user).post("/periods/" + period + "/" + action);
    }

    Response postJson(String user, String path, Map<String, ?> body) {
        return api(user).contentType(ContentType.JSON).body(body).post(path);
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(DevTokens.of(user));
    }
}
