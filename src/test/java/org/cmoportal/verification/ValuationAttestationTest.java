package org.cmoportal.verification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.statement.FilingRecord;
import org.cmoportal.statement.StatementReader;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A scaling-law valuation carried by an attestation: bound to its digest as the attestation is to the filing's content,
 * shown beside the filed share on the administrator's review, flagged beyond the tenant's tolerance, and published with
 * the statements into the trail.
 */
@QuarkusTest
class ValuationAttestationTest {

    static final String EVIDENCE = FilingDigests.sha256("the evaluator's report");
    static final String HOFFMANN = "{\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 70e9, \"D\": 1.4e12},"
            + " \"baseline\": {\"N0\": 7e9, \"D0\": 1.4e11}}";
    static final String BESIROGLU = HOFFMANN.replace("hoffmann-2022", "besiroglu-2024");
    static final String HOFFMANN_SHA256 = "9e92ea401f442362f6bd7197a6be64e289c63b0d765a8df23bca9d3db97df079";
    static final String SENTENCE = "data-value share 0.30 filed; scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10, D/10)"
            + " attested by Example Evals";

    @Inject
    FilingFixture fixture;

    @Inject
    VerificationService verification;

    @Inject
    TenantScope scope;

    @Inject
    TenantService tenants;

    @Inject
    StatementReader statements;

    @Inject
    EntityManager em;

    static Response attest(String tenant, long filing, String figures, String valuation) {
        return given().auth().oauth2(DevTokens.of("eva")).contentType(ContentType.JSON)
                .body("{" + figures + ", \"method\": \"scaling-law fit\", \"reportReference\": \"r-17\", \"evidenceSha256\": \""
                        + EVIDENCE + "\"" + (valuation == null ? "" : ", \"valuation\": " + valuation) + "}")
                .post("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations");
    }

    static Response revalue(String tenant, long filing, String body) {
        return given().auth().oauth2(DevTokens.of("eva")).contentType(ContentType.JSON).body(body)
                .put("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations/valuation");
    }

    static Response asAdmin(String path) {
        return given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).get(path);
    }

    private List<String> auditActions(String tenant) {
        return scope.call(tenant, () -> em.createNativeQuery("SELECT action FROM audit_event WHERE tenant_id = ?1 ORDER BY seq")
                .setParameter(1, tenant).getResultList().stream().map(Object::toString).toList());
    }

    @Test
    void theAttestationCarriesTheValuationAndTheReviewShowsItBesideTheFiledShare() {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        attest(tenant, filing, "\"dataValueShare\": true", HOFFMANN).then().statusCode(201)
                .body("valid", org.hamcrest.Matchers.is(true))
                .body("valuation.dataValueShare", org.hamcrest.Matchers.is("0.598362"))
                .body("valuation.sha256", org.hamcrest.Matchers.is(HOFFMANN_SHA256))
                .body("valuation.method", org.hamcrest.Matchers.is("hoffmann-2022"));
        assertThat(OwnerSql.number("SELECT count(*) FROM attestation WHERE tenant_id = ? AND filing_id = ? AND valuation_sha256 = ?"
                + " AND valuation_share = 0.598362 AND valuation_n = 7e10 AND valuation_d0 = 1.4e11", tenant, filing, HOFFMANN_SHA256))
                .isEqualTo(1);

        String base = "/api/v1/tenants/" + tenant;
        Response v = asAdmin(base + "/filings/" + filing + "/verification");
        v.then().statusCode(200).body("attested", org.hamcrest.Matchers.is(true))
                .body("valuations", org.hamcrest.Matchers.contains(SENTENCE))
                .body("valuationDiffers", org.hamcrest.Matchers.is(true));
        assertThat(v.<String>path("valuationDifference")).isEqualTo("the filed share 0.30 differs from Example Evals's scaling-law"
                + " valuation 0.598362 by 0.298362, more than the tolerance 0.02");

        // the administrator's review: the period board and the verification board, flagged
        String board = Html.text(asAdmin("/t/" + tenant + "/admin/periods/" + FilingFixture.PERIOD).then().statusCode(200)
                .extract().asString());
        assertThat(board).contains(SENTENCE).contains("off the attested valuation").contains("more than the tolerance 0.02");
        String verificationBoard = Html.text(asAdmin("/t/" + tenant + "/admin/verification/" + FilingFixture.PERIOD).then()
                .statusCode(200).extract().asString());
        assertThat(verificationBoard).contains(SENTENCE).contains("off the valuation");
        asAdmin(base + "/periods/" + FilingFixture.PERIOD + "/verification").then().statusCode(200)
                .body("valuationDifferences", org.hamcrest.Matchers.is(1));

        // the tenant sets a wider tolerance: no flag; a bad one is refused where it is, and nothing changes
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).contentType(ContentType.JSON).body(Map.of("valuationTolerance", "0.3"))
                .put(base + "/verification").then().statusCode(200).body("valuationTolerance", org.hamcrest.Matchers.is("0.3"));
        asAdmin(base + "/filings/" + filing + "/verification").then().body("valuationDiffers", org.hamcrest.Matchers.is(false))
                .body("valuations", org.hamcrest.Matchers.contains(SENTENCE));
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).contentType(ContentType.JSON).body(Map.of("valuationTolerance", "1.5"))
                .put(base + "/verification").then().statusCode(422).body("errors[0].where", org.hamcrest.Matchers.is("valuationTolerance"));
        asAdmin(base + "/verification").then().body("valuationTolerance", org.hamcrest.Matchers.is("0.3"));
        assertThat(auditActions(tenant)).contains("attestation.record", "tenant.valuation-tolerance");
    }

    @Test
    void theToleranceIsSetOnTheSettingsPageAndRefusedWhereItIsTyped() {
        String tenant = fixture.newTenant(true);
        String settings = "/t/" + tenant + "/admin/verification";
        assertThat(Html.inputValue(asAdmin(settings).asString(), "valuationTolerance")).contains("0.02");
        Response refused = DevTokens.page(FilingFixture.ADMIN).contentType(ContentType.URLENC).formParam("valuationTolerance", "2 points")
                .post(settings + "/tolerance");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.text(refused.asString())).contains("valuationTolerance").contains("for example 0.02");
        Response saved = DevTokens.page(FilingFixture.ADMIN).contentType(ContentType.URLENC).formParam("valuationTolerance", "0.05")
                .post(settings + "/tolerance");
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(Html.inputValue(asAdmin(settings).asString(), "valuationTolerance")).contains("0.05");
        assertThat(auditActions(tenant).stream().filter("tenant.valuation-tolerance"::equals)).hasSize(1);
    }

    @Test
    void aChangedValuationVoidsTheAttestationAsAChangedFilingDoes() {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        long first = attest(tenant, filing, "\"dataValueShare\": true, \"mixture\": true", HOFFMANN).then().statusCode(201)
                .extract().jsonPath().getLong("id");

        // the evaluator changes its valuation: the attestation that carried the old one is void, a new one carries the new
        revalue(tenant, filing, BESIROGLU).then().statusCode(200).body("valid", org.hamcrest.Matchers.is(true))
                .body("valuation.dataValueShare", org.hamcrest.Matchers.is("0.498356"))
                .body("figures", org.hamcrest.Matchers.contains("the data-value share", "the mixture weights"))
                .body("reportReference", org.hamcrest.Matchers.is("r-17"));
        Response all = asAdmin("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations");
        assertThat(all.<List<Boolean>>path("valid")).containsExactly(false, true);
        assertThat(all.<String>path("[0].voidReason")).contains("changed the valuation")
                .contains("scaling-law valuation 0.598362 (Hoffmann 2022 fit").contains("0.498356 (Besiroglu 2024 fit");
        assertThat(OwnerSql.number("SELECT count(*) FROM attestation WHERE id = ? AND voided_at IS NOT NULL", first)).isEqualTo(1);
        // the same valuation again changes nothing
        revalue(tenant, filing, BESIROGLU).then().statusCode(200);
        assertThat(scope.call(tenant, () -> Attestation.count("filingId", filing))).isEqualTo(2);
        assertThat(auditActions(tenant).stream().filter("attestation.revalue"::equals)).hasSize(1);

        // a valuation changed behind the portal's back no longer matches the digest the attestation is bound to
        long standing = all.jsonPath().getLong("[1].id");
        tamper(standing, "valuation_n = 8e10");
        Response after = asAdmin("/api/v1/tenants/" + tenant + "/filings/" + filing + "/verification");
        after.then().body("attested", org.hamcrest.Matchers.is(false)).body("valuations", org.hamcrest.Matchers.empty());
        assertThat(after.<String>path("attestations[1].voidReason")).contains("no longer the one attested");
        // as a changed filing does: a resubmission voids the attestation, valuation and all
        long second = fixture.file(tenant, FilingFixture.Json.of(scope.call(tenant,
                () -> (String) em.createNativeQuery("SELECT model FROM filing WHERE id = ?1").setParameter(1, filing).getSingleResult())));
        assertThat(scope.call(tenant, () -> verification.verification(second)).attested()).isFalse();
        assertThat(OwnerSql.number("SELECT count(*) FROM attestation WHERE filing_id = ? AND voided_at IS NULL", filing)).isZero();
    }

    @Test
    void aValuationIsCheckedWithTheAttestationAndEveryProblemLocated() {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        Response bad = attest(tenant, filing, "\"mixture\": true", "{\"fit\": {\"preset\": \"hoffmann-2022\"},"
                + " \"model\": {\"N\": 70e9, \"D\": 1.4e12}, \"baseline\": {\"N0\": 7e10, \"D0\": \"a tenth\"}}");
        bad.then().statusCode(422);
        assertThat(bad.<List<String>>path("errors.where")).containsExactly("valuation.baseline.D0", "figures");
        Response wrongDigest = given().auth().oauth2(DevTokens.of("eva")).contentType(ContentType.JSON)
                .body("{\"dataValueShare\": true, \"method\": \"m\", \"reportReference\": \"r\", \"evidenceSha256\": \"" + EVIDENCE
                        + "\", \"valuation\": " + HOFFMANN + ", \"valuationSha256\": \"" + "0".repeat(64) + "\"}")
                .post("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations");
        wrongDigest.then().statusCode(422).body("errors[0].where", org.hamcrest.Matchers.is("valuationSha256"));
        assertThat(wrongDigest.<String>path("errors[0].message")).contains(HOFFMANN_SHA256);
        assertThat(scope.call(tenant, () -> Attestation.count())).isZero();

        // no standing attestation to carry a new valuation; one that did not verify the share cannot carry one
        revalue(tenant, filing, HOFFMANN).then().statusCode(409).body("code", org.hamcrest.Matchers.is("not-attested"));
        attest(tenant, filing, "\"mixture\": true", null).then().statusCode(201);
        revalue(tenant, filing, HOFFMANN).then().statusCode(409).body("code", org.hamcrest.Matchers.is("share-not-attested"));
        revalue(tenant, filing, "{\"fit\": {\"preset\": \"hoffmann-2022\"}}").then().statusCode(422);
        // someone else's filing, or a role that is not an evaluator's
        given().auth().oauth2(DevTokens.of("bruno")).contentType(ContentType.JSON).body(HOFFMANN)
                .put("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations/valuation").then().statusCode(403);
        String other = fixture.newTenant(false);
        revalue(other, filing, HOFFMANN).then().statusCode(404);
    }

    @Test
    void theEvaluatorAttachesTheValuationOnTheFilingsPage() {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        String page = "/t/" + tenant + "/evaluator/filings/" + filing;
        // brought from the calculator: the fields are filled in
        String prefilled = DevTokens.as("eva").get(page + "?fit.preset=besiroglu-2024&model.N=70e9&model.D=1.4e12"
                + "&baseline.N0=7e9&baseline.D0=1.4e11&valuation=attach").then().statusCode(200).extract().asString();
        assertThat(prefilled).contains("<option value=\"besiroglu-2024\" selected>");
        assertThat(Html.inputValue(prefilled, "model.N")).contains("70e9");
        assertThat(prefilled).contains("/valuation/scaling-law?tenant=" + tenant + "&amp;filing=" + filing);
        // the SHA-256 patterns reach the browser as written (Qute once rendered "{64}" as "64", refusing every digest)
        assertThat(prefilled).contains("pattern=\"[0-9a-fA-F]{64}\"");
        assertThat(DevTokens.as("bruno").get("/builder/verification").asString()).contains("pattern=\"[0-9a-fA-F]{64}\"");

        Response refused = DevTokens.page("eva").contentType(ContentType.URLENC).formParam("share", "on").formParam("method", "fit")
                .formParam("reportReference", "r-1").formParam("evidenceSha256", EVIDENCE).formParam("fit.preset", "own")
                .formParam("fit.E", "1.69").formParam("fit.A", "406.4").formParam("fit.alpha", "0").formParam("fit.B", "410.7")
                .formParam("fit.beta", "0.28").formParam("model.N", "70e9").formParam("model.D", "1.4e12")
                .formParam("baseline.N0", "7e9").formParam("baseline.D0", "1.4e11").post(page + "/attestations");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.asString()).containsPattern("name=\"fit.alpha\"[^>]*aria-invalid=\"true\"");
        assertThat(Html.inputValue(refused.asString(), "fit.B")).contains("410.7");

        Response recorded = DevTokens.page("eva").contentType(ContentType.URLENC).formParam("share", "on").formParam("method", "fit")
                .formParam("reportReference", "r-1").formParam("evidenceSha256", EVIDENCE).formParam("fit.preset", "hoffmann-2022")
                .formParam("model.N", "70e9").formParam("model.D", "1.4e12").formParam("baseline.N0", "7e9")
                .formParam("baseline.D0", "1.4e11").post(page + "/attestations");
        assertThat(recorded.statusCode()).isEqualTo(303);
        String shown = Html.text(DevTokens.as("eva").get(page).asString());
        assertThat(shown).contains("scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10, D/10)").contains(HOFFMANN_SHA256)
                .contains("Attest with this valuation");

        Response changed = DevTokens.page("eva").contentType(ContentType.URLENC).formParam("fit.preset", "besiroglu-2024")
                .formParam("model.N", "70e9").formParam("model.D", "1.4e12").formParam("baseline.N0", "7e9")
                .formParam("baseline.D0", "1.4e11").post(page + "/valuation");
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(Html.text(DevTokens.as("eva").get(changed.header("Location")).asString())).contains("now carries the new valuation")
                .contains("0.498356 (Besiroglu 2024 fit").contains("changed the valuation it attests");
        // an attestation form without a valuation still records a plain attestation (the existing tests' path)
        long plain = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        assertThat(DevTokens.page("eva").contentType(ContentType.URLENC).formParam("mixture", "on").formParam("method", "fit")
                .formParam("reportReference", "r-2").formParam("evidenceSha256", EVIDENCE).formParam("fit.preset", "none")
                .post("/t/" + tenant + "/evaluator/filings/" + plain + "/attestations").statusCode()).isEqualTo(303);
        assertThat(scope.call(tenant, () -> Attestation.<Attestation>list("filingId", plain).get(0).hasValuation())).isFalse();
    }

    /** Distributed with the valuation standing: the trail names it; a valuation changed afterwards does not change it. */
    @Test
    void thePublishedTrailShowsTheValuationThatStoodWhenItWasPublished() {
        String tenant = fixture.newTenant(true);
        scope.run(tenant, () -> tenants.nameAdmin(tenant, "noah"));
        String base = "/api/v1/tenants/" + tenant;
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("ref", "zed-news", "name", "Zed News")).post(base + "/members").then().statusCode(201);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        attest(tenant, filing, "\"dataValueShare\": true", HOFFMANN).then().statusCode(201);
        String period = base + "/periods/" + FilingFixture.PERIOD;
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).post(period + "/close").then().statusCode(200);
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).contentType(ContentType.JSON).body(Map.of())
                .post(period + "/filings/" + filing + "/accept").then().statusCode(200);
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).post(period + "/calculate").then().statusCode(200);
        given().auth().oauth2(DevTokens.of("noah")).contentType(ContentType.JSON).body(Map.of()).post(period + "/approve").then().statusCode(200);
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).post(period + "/distribute").then().statusCode(200);

        FilingRecord published = scope.call(tenant, () -> statements.filing(filing).orElseThrow());
        assertThat(published.valuations()).containsExactly(SENTENCE);
        long statement = OwnerSql.number("SELECT id FROM statement WHERE tenant_id = ? AND member_ref = 'zed-news'", tenant);
        long line = OwnerSql.number("SELECT id FROM statement_line WHERE statement_id = ? AND filing_id = ?", statement, filing);
        String trail = Html.text(asAdmin("/t/" + tenant + "/admin/statements/" + statement + "/lines/" + line).then().statusCode(200)
                .extract().asString());
        assertThat(trail).contains("Data-value share 0.30 filed; scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10,"
                + " D/10) attested by Example Evals.");

        // a later change of the valuation is a new attestation, which the published trail does not name
        revalue(tenant, filing, BESIROGLU).then().statusCode(200);
        assertThat(scope.call(tenant, () -> statements.filing(filing).orElseThrow()).valuations()).containsExactly(SENTENCE);
    }

    /** Changes an attestation's stored valuation as the schema owner, past the trigger that forbids it. */
    private static void tamper(long attestation, String set) {
        try (java.sql.Connection c = OwnerSql.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("ALTER TABLE attestation DISABLE TRIGGER attestation_no_rewrite");
            try {
                s.execute("UPDATE attestation SET " + set + " WHERE id = " + attestation);
            } finally {
                s.execute("ALTER TABLE attestation ENABLE TRIGGER attestation_no_rewrite");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
