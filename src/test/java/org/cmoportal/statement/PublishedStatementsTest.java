package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What a published statement shows is what it showed when it was published: renaming the member, recording an
 * attestation afterwards or withdrawing trust from the evaluator changes none of the statement page, the
 * calculation trail (the member's and the builder's), the CSV, the PDF, the API nor the payout file.
 */
@QuarkusTest
class PublishedStatementsTest {

    static final String PERIOD = "2026-Q1";
    static final String EVIDENCE = "e".repeat(64);

    @Inject
    TenantScope scope;

    @Inject
    EntityManager em;

    static RequestSpecification api(String user, String tenant) {
        return as(user).basePath("/api/v1/tenants/" + tenant).contentType(ContentType.JSON);
    }

    static String filing(String model) {
        return """
                {"model": "%s", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00",
                 "postTrainingCost": "100000.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "1"},
                 "attestation": {"evaluator": "Example Evals", "reference": "report-%s", "sha256": "%s"}}"""
                .formatted(model, model, EVIDENCE);
    }

    long file(String tenant, String model) {
        return Filings.post("bruno", tenant, PERIOD, filing(model),
                "category,member_ref,units\nnews,ada,3\nnews,ben,1\n".getBytes(StandardCharsets.UTF_8), null, null)
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static void attest(String tenant, long filing, String report) {
        api("eva", tenant).body(Map.of("operatingProfit", true, "method", "scaling-law fit", "reportReference", report,
                "evidenceSha256", EVIDENCE)).post("/filings/" + filing + "/attestations").then().statusCode(201);
    }

    long number(String tenant, String sql, Object... params) {
        return scope.call(tenant, () -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    static String main(String html) {
        return Jsoup.parse(html).select("main").text();
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** Everything a member, an administrator and the builder can read of the published statement. */
    Map<String, String> everythingPublished(String tenant, long statement, long attestedLine, long unattestedLine,
            long attested, long unattested) throws Exception {
        String member = "/t/" + tenant + "/statements/" + statement;
        String builder = "/t/" + tenant + "/builder/statements/" + PERIOD + "/filings/";
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("statement page", main(as("erin").get(member).then().statusCode(200).extract().asString()));
        seen.put("admin's statement page", main(as("nadia").get("/t/" + tenant + "/admin/statements/" + statement)
                .then().statusCode(200).extract().asString()));
        seen.put("admin's list of the period", main(as("nadia").get("/t/" + tenant + "/admin/statements/periods/" + PERIOD)
                .then().statusCode(200).extract().asString()));
        seen.put("trail of the attested line", main(as("erin").get(member + "/lines/" + attestedLine).then().statusCode(200)
                .extract().asString()));
        seen.put("trail of the unattested line", main(as("erin").get(member + "/lines/" + unattestedLine).then().statusCode(200)
                .extract().asString()));
        seen.put("builder's trail of the attested filing", main(as("bruno").get(builder + attested).then().statusCode(200)
                .extract().asString()));
        seen.put("builder's trail of the unattested filing", main(as("bruno").get(builder + unattested).then().statusCode(200)
                .extract().asString()));
        seen.put("CSV", as("erin").get(member + "/csv").then().statusCode(200).extract().asString());
        seen.put("PDF", pdfText(as("erin").get(member + "/pdf").then().statusCode(200).extract().asByteArray()));
        seen.put("API", api("erin", tenant).get("/periods/" + PERIOD + "/statements/ada").then().statusCode(200).extract().asString());
        seen.put("payout file", api("nadia", tenant).get("/periods/" + PERIOD + "/payout-file").then().statusCode(200)
                .extract().asString());
        seen.put("distribution", api("nadia", tenant).get("/periods/" + PERIOD + "/distribution").then().statusCode(200)
                .extract().asString());
        return seen;
    }

    @Test
    void aPublishedStatementShowsWhatItShowedWhenItWasPublished() throws Exception {
        String tenant = Unique.name("pub");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Published " + tenant, "currency", "USD",
                "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + tenant + "/admins").then().statusCode(201);
        }
        api("nadia", tenant).body(Map.of("ref", "ada", "name", "Ada Lovelace", "username", "erin")).post("/members").then().statusCode(201);
        api("nadia", tenant).body(Map.of("ref", "ben", "name", "Ben Okri")).post("/members").then().statusCode(201);
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", tenant, "acme-ai");
        api("nadia", tenant).body(Map.of("evaluator", "example-evals")).post("/trusted-evaluators").then().statusCode(201);
        api("nadia", tenant).body(Map.of("label", PERIOD)).post("/periods").then().statusCode(201);

        String prefix = Unique.name("m");
        long attested = file(tenant, prefix + "-a");
        long unattested = file(tenant, prefix + "-b");
        attest(tenant, attested, "r-published");
        api("nadia", tenant).post("/periods/" + PERIOD + "/close").then().statusCode(200);
        for (long f : List.of(attested, unattested)) {
            api("nadia", tenant).body(Map.of()).post("/periods/" + PERIOD + "/filings/" + f + "/accept").then().statusCode(200);
        }
        api("nadia", tenant).post("/periods/" + PERIOD + "/calculate").then().statusCode(200);
        api("noah", tenant).post("/periods/" + PERIOD + "/approve").then().statusCode(200);
        api("nadia", tenant).post("/periods/" + PERIOD + "/distribute").then().statusCode(200);

        long statement = number(tenant, "SELECT id FROM statement WHERE member_ref = 'ada'");
        long attestedLine = number(tenant, "SELECT id FROM statement_line WHERE statement_id = ?1 AND filing_id = ?2", statement, attested);
        long unattestedLine = number(tenant, "SELECT id FROM statement_line WHERE statement_id = ?1 AND filing_id = ?2", statement, unattested);
        Map<String, String> published = everythingPublished(tenant, statement, attestedLine, unattestedLine, attested, unattested);
        for (String what : List.of("statement page", "admin's statement page", "admin's list of the period", "PDF", "payout file",
                "distribution")) {
            assertThat(published.get(what)).as(what).contains("Ada Lovelace");
        }
        for (String what : List.of("trail of the attested line", "builder's trail of the attested filing")) {
            assertThat(published.get(what)).as(what).contains("attested by Example Evals (r-published)");
        }
        for (String what : List.of("trail of the unattested line", "builder's trail of the unattested filing")) {
            assertThat(published.get(what)).as(what).contains("not attested by an independent evaluator");
        }

        // afterwards: the member is renamed, the evaluator attests the other filing ...
        as("nadia").contentType("text/csv").body("ref,name\nada,Ada King\n").post("/api/v1/tenants/" + tenant + "/members")
                .then().statusCode(200);
        attest(tenant, unattested, "r-later");
        assertThat(everythingPublished(tenant, statement, attestedLine, unattestedLine, attested, unattested))
                .as("after a rename and a later attestation").isEqualTo(published);
        // ... and the CMO withdraws its trust in the evaluator
        as("nadia").delete("/api/v1/tenants/" + tenant + "/trusted-evaluators/example-evals").then().statusCode(200);
        assertThat(everythingPublished(tenant, statement, attestedLine, unattestedLine, attested, unattested))
                .as("after trust was withdrawn").isEqualTo(published);
        // the member's own record has the new name: only what was published keeps the old one
        api("nadia", tenant).get("/members?q=ada").then().statusCode(200).body("[0].name", org.hamcrest.Matchers.is("Ada King"));
    }
}
