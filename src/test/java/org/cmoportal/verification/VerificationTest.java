package org.cmoportal.verification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.error.Problem;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Attestations, the attestation rule, commitments, the cross-CMO check and the evaluator's 404s. */
@QuarkusTest
class VerificationTest {

    static final String EVIDENCE = FilingDigests.sha256("the evaluator's report");

    @Inject
    FilingFixture fixture;

    @Inject
    VerificationService verification;

    @Inject
    TenantScope scope;

    @Inject
    org.cmoportal.period.PeriodService periodService;

    @Inject
    EntityManager em;

    static Response attest(String tenant, long filing, String figuresJson) {
        return given().auth().oauth2(DevTokens.of("eva")).contentType(ContentType.JSON)
                .body("{" + figuresJson + ", \"method\": \"scaling-law fit\", \"reportReference\": \"r-17\", \"evidenceSha256\": \""
                        + EVIDENCE + "\"}")
                .post("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations");
    }

    static String get(String who, String path) {
        return given().auth().oauth2(DevTokens.of(who)).get(path).then().statusCode(200).extract().asString();
    }

    private List<String> auditActions(String tenant) {
        return scope.call(tenant, () -> em.createNativeQuery("SELECT action FROM audit_event WHERE tenant_id = ?1 ORDER BY seq")
                .setParameter(1, tenant).getResultList().stream().map(Object::toString).toList());
    }

    @Test
    void aResubmissionVoidsTheAttestation() {
        String tenant = fixture.newTenant(true);
        String model = Unique.name("m");
        long first = fixture.file(tenant, FilingFixture.Json.of(model));
        attest(tenant, first, "\"dataValueShare\": true, \"mixture\": true").then().statusCode(201)
                .body("valid", org.hamcrest.Matchers.is(true)).body("evaluator", org.hamcrest.Matchers.is("Example Evals"));
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).get("/api/v1/tenants/" + tenant + "/filings/" + first + "/verification")
                .then().statusCode(200).body("attested", org.hamcrest.Matchers.is(true))
                .body("attestedBy", org.hamcrest.Matchers.is("Example Evals"));
        assertThat(scope.call(tenant, () -> verification.trail(List.of(first))).get(first).text())
                .isEqualTo("attested by Example Evals (r-17)");

        long second = fixture.file(tenant, FilingFixture.Json.of(model));

        Response old = given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).get("/api/v1/tenants/" + tenant + "/filings/" + first + "/attestations");
        old.then().statusCode(200);
        assertThat(old.<Boolean>path("[0].valid")).isFalse();
        assertThat(old.<String>path("[0].voidReason")).contains("resubmitted").contains(String.valueOf(second));
        assertThat(scope.call(tenant, () -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM attestation WHERE filing_id = ?1 AND voided_at IS NOT NULL").setParameter(1, first)
                .getSingleResult()).longValue())).isEqualTo(1);
        FilingVerification now = scope.call(tenant, () -> verification.verification(second));
        assertThat(now.attested()).isFalse();
        assertThat(scope.call(tenant, () -> verification.trail(List.of(first, second))).get(second).text())
                .isEqualTo("not attested by an independent evaluator");
        // the superseded filing can no longer be attested, the new one can
        attest(tenant, first, "\"mixture\": true").then().statusCode(409);
        attest(tenant, second, "\"mixture\": true").then().statusCode(201);
        assertThat(auditActions(tenant)).containsSubsequence("filing.verify", "attestation.record", "filing.verify", "attestation.record");
    }

    /** Presses that all find no standing attestation insert at once: the unique key decides, the others hear why. */
    @Test
    void concurrentAttestationsOfOneFilingHaveOneWinner() throws Exception {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        int presses = 8;
        DevTokens.of("eva"); // the token first, so that only the requests race
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(presses);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> pending = new java.util.ArrayList<>();
            for (int i = 0; i < presses; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return attest(tenant, filing, "\"mixture\": true");
                }));
            }
            start.countDown();
            List<Response> responses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Response> f : pending) {
                responses.add(f.get());
            }
            assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
            assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(presses - 1).allSatisfy(r -> {
                assertThat(r.jsonPath().getString("code")).isEqualTo("already-attested");
                assertThat(r.jsonPath().getString("detail")).contains("Example Evals").contains("filing " + filing);
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(scope.call(tenant, () -> Attestation.count("filingId", filing))).isEqualTo(1);
        assertThat(auditActions(tenant).stream().filter("attestation.record"::equals)).hasSize(1);
    }

    @Test
    void anAttestationIsBoundToTheContentTheEvaluatorSaw() {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        given().auth().oauth2(DevTokens.of("eva")).contentType(ContentType.JSON)
                .body("{\"mixture\": true, \"method\": \"m\", \"reportReference\": \"r\", \"evidenceSha256\": \"" + EVIDENCE
                        + "\", \"filingSha256\": \"" + "0".repeat(64) + "\"}")
                .post("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations")
                .then().statusCode(409).body("code", org.hamcrest.Matchers.is("filing-changed"));
        Response bad = given().auth().oauth2(DevTokens.of("eva")).contentType(ContentType.JSON)
                .body("{\"method\": \" \", \"reportReference\": \"\", \"evidenceSha256\": \"xyz\"}")
                .post("/api/v1/tenants/" + tenant + "/filings/" + filing + "/attestations");
        bad.then().statusCode(422);
        assertThat(bad.<List<String>>path("errors.where")).containsExactly("figures", "method", "reportReference", "evidenceSha256");
        assertThat(scope.call(tenant, () -> Attestation.count())).isZero();
    }

    @Test
    void acceptanceIsBlockedWhereTheTenantRequiresAnAttestation() {
        String tenant = fixture.newTenant(true);
        long plain = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(plain, null))).as("rule off").isEmpty();

        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).contentType(ContentType.JSON).body("{\"requiresAttestation\": true}")
                .put("/api/v1/tenants/" + tenant + "/verification").then().statusCode(200)
                .body("requiresAttestation", org.hamcrest.Matchers.is(true));
        assertThat(auditActions(tenant)).contains("tenant.requires-attestation");

        List<Problem> blocked = scope.call(tenant, () -> verification.acceptanceProblems(plain, null));
        assertThat(blocked).extracting(Problem::where).containsExactly("attestation");
        assertThat(blocked.get(0).message()).contains("requires an attestation").contains("Example Evals");
        attest(tenant, plain, "\"operatingProfit\": true").then().statusCode(201);
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(plain, null))).isEmpty();

        // a share outside the band needs an attestation of the share and the administrator's justification
        long flagged = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")).share("0.55"));
        attest(tenant, flagged, "\"mixture\": true").then().statusCode(201);
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(flagged, "reviewed")))
                .extracting(Problem::where).containsExactly("attestation");
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(flagged, " ")))
                .extracting(Problem::where).containsExactly("attestation", "justification");
        long flaggedAndShareAttested = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")).share("0.55"));
        attest(tenant, flaggedAndShareAttested, "\"dataValueShare\": true").then().statusCode(201);
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(flaggedAndShareAttested, null)))
                .extracting(Problem::where).containsExactly("justification");
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(flaggedAndShareAttested, "scaling-law report r-17"))).isEmpty();

        // withdrawing trust makes the evaluator's attestations stop counting
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).delete("/api/v1/tenants/" + tenant + "/trusted-evaluators/example-evals")
                .then().statusCode(200);
        assertThat(scope.call(tenant, () -> verification.acceptanceProblems(plain, null))).extracting(Problem::where)
                .containsExactly("attestation");
        assertThat(auditActions(tenant)).contains("evaluator.trust", "evaluator.distrust");
    }

    @Test
    void theSettingsPeriodBoardsComeAPageAtATimeAndAreSearchedByLabel() {
        String tenant = fixture.newTenant(false);
        scope.run(tenant, () -> {
            for (int i = 1; i <= 51; i++) {
                periodService.open("B-%03d".formatted(i));
            }
        });
        String other = fixture.newTenant(false);
        scope.run(other, () -> periodService.open("ELSEWHERE-1"));
        String settings = org.cmoportal.web.Routes.verification(tenant);

        org.jsoup.nodes.Document one = org.jsoup.Jsoup.parse(get(FilingFixture.ADMIN, settings));
        assertThat(boards(one)).hasSize(50).startsWith("B-051");
        assertThat(one.selectFirst("#board-rows nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 periods");
        assertThat(one.select("#board-rows nav.pager a[rel=next]").attr("href")).isEqualTo(settings + "?page=2");
        org.jsoup.nodes.Document two = org.jsoup.Jsoup.parse(get(FilingFixture.ADMIN, settings + "?page=2"));
        assertThat(boards(two)).containsExactly("B-001", FilingFixture.PERIOD);
        assertThat(two.select("#board-rows nav.pager a[rel=next]")).as("no next page after the last").isEmpty();
        assertThat(boards(org.jsoup.Jsoup.parse(get(FilingFixture.ADMIN, settings + "?q=b-05")))).containsExactly("B-051", "B-050");
        assertThat(boards(org.jsoup.Jsoup.parse(get(FilingFixture.ADMIN, settings + "?q=elsewhere")))).isEmpty();
        String rows = given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).header("HX-Request", "true").header("HX-Target", "board-rows")
                .queryParam("q", "B-001").get(settings).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("id=\"board-rows\"", "B-001").doesNotContain("B-002");
    }

    private static List<String> boards(org.jsoup.nodes.Document page) {
        return page.select("#board-rows li a").eachText();
    }

    @Test
    void aBuildersCommitmentsComeAPageAtATimeAndAreSearchedByModel() {
        String prefix = Unique.name("pg");
        for (int i = 1; i <= 52; i++) {
            commit("bruno", "acme-ai", prefix + "-%03d".formatted(i));
        }
        // another organisation's commitment with the same prefix is never listed for bruno
        String rival = Unique.name("rv");
        org.cmoportal.testsupport.Organisations.ensure(rival, "Rival " + rival, "nils");
        commit("nils", rival, prefix + "-rival");

        org.jsoup.nodes.Document one = verificationPage("bruno", prefix, null);
        assertThat(models(one)).hasSize(50).startsWith(prefix + "-052").doesNotContain(prefix + "-rival");
        org.jsoup.nodes.Element pager = one.selectFirst("section[aria-labelledby=commit-h] nav.pager");
        assertThat(pager.text()).contains("Page 1 of 2", "1–50 of 52 commitments");
        String next = pager.select("a[rel=next]").attr("href");
        assertThat(next).isEqualTo("/builder/verification?q=" + prefix + "&commitmentsPage=2");
        org.jsoup.nodes.Document two = verificationPage("bruno", prefix, "2");
        assertThat(models(two)).containsExactly(prefix + "-002", prefix + "-001");
        assertThat(two.select("section[aria-labelledby=commit-h] nav.pager a[rel=next]")).as("no next page after the last").isEmpty();

        assertThat(models(verificationPage("bruno", prefix + "-05", null))).containsExactly(prefix + "-052", prefix + "-051", prefix + "-050");
        assertThat(verificationPage("bruno", prefix + "-rival", null).select("section[aria-labelledby=commit-h] .empty").text())
                .isEqualTo("No commitment matches “" + prefix + "-rival”.");
        assertThat(models(verificationPage("nils", prefix, null))).containsExactly(prefix + "-rival");
    }

    private static void commit(String who, String builder, String model) {
        given().auth().oauth2(DevTokens.of(who)).contentType(ContentType.JSON)
                .body(Map.of("builder", builder, "model", model, "mixtureWeights", FilingFixture.worked()))
                .post("/api/v1/commitments").then().statusCode(201);
    }

    private static org.jsoup.nodes.Document verificationPage(String who, String query, String commitmentsPage) {
        var r = given().auth().oauth2(DevTokens.of(who)).queryParam("q", query);
        if (commitmentsPage != null) {
            r = r.queryParam("commitmentsPage", commitmentsPage);
        }
        return org.jsoup.Jsoup.parse(r.get("/builder/verification").then().statusCode(200).extract().asString());
    }

    private static List<String> models(org.jsoup.nodes.Document page) {
        return page.select("table.commitments tbody tr td:first-child").eachText().stream().map(t -> t.split(" ")[0]).toList();
    }

    @Test
    void aMixtureThatDoesNotHashToTheCommitmentIsFlaggedWithBothDigests() {
        String model = Unique.name("m");
        String committed = FilingDigests.mixture(MixtureWeights.parse(FilingFixture.worked()).weights());
        given().auth().oauth2(DevTokens.of("bruno")).contentType(ContentType.JSON)
                // named: other tests may make bruno a user of further builder organisations in the shared database
                .body(Map.of("builder", "acme-ai", "model", model, "mixtureWeights", FilingFixture.worked()))
                .post("/api/v1/commitments").then().statusCode(201).body("mixtureSha256", org.hamcrest.Matchers.is(committed));

        String tenant = fixture.newTenant(true);
        Map<String, String> other = Map.of("news", "0.30", "code", "0.35", "books", "0.15", "other", "0.20");
        long mismatch = fixture.file(tenant, FilingFixture.Json.of(model).mixture(other));
        String filed = FilingDigests.mixture(MixtureWeights.parse(other).weights());
        FilingVerification v = scope.call(tenant, () -> verification.verification(mismatch));
        assertThat(v.commitmentMismatch()).isTrue();
        assertThat(v.commitment().message()).contains(filed).contains(committed);

        String board = Html.text(get(FilingFixture.ADMIN, "/t/" + tenant + "/admin/verification/" + FilingFixture.PERIOD));
        assertThat(board).contains("mismatch").contains(filed).contains(committed);
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).get("/api/v1/tenants/" + tenant + "/periods/" + FilingFixture.PERIOD + "/verification")
                .then().statusCode(200).body("commitmentMismatches", org.hamcrest.Matchers.is(1));

        long matching = fixture.file(tenant, FilingFixture.Json.of(model));
        assertThat(scope.call(tenant, () -> verification.verification(matching)).commitment().status())
                .isEqualTo(CommitmentCheck.Status.MATCH);
        long uncommitted = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        assertThat(scope.call(tenant, () -> verification.verification(uncommitted)).commitment().status())
                .isEqualTo(CommitmentCheck.Status.NONE);
        assertThat(Html.text(get("bruno", "/builder/verification"))).contains(model).contains(committed);
    }

    @Test
    void aSiblingFiledDifferentlyIsFlaggedWithoutShowingTheOtherTenantsValue() {
        String a = fixture.newTenant(true);
        String b = fixture.newTenant(false, Unique.name("admin"));
        String model = Unique.name("m");
        long inA = fixture.file(a, FilingFixture.Json.of(model));
        // B receives the same model and period with a different revenue, so a different operating profit
        long inB = fixture.file(b, FilingFixture.Json.of(model).revenue("1987654.32"));
        String bProfit = "1487654.32";
        List<String> secrets = List.of(bProfit, "1,487,654.32", "148765432", b, "Verify CMO " + b);

        String message = "filed differently with another CMO: the operating profit differs";
        FilingVerification va = scope.call(a, () -> verification.verification(inA));
        assertThat(va.inconsistency()).isEqualTo(message);
        assertThat(scope.call(b, () -> verification.verification(inB)).inconsistency()).as("both sides").isEqualTo(message);

        String[] adminViews = {
            Html.text(get(FilingFixture.ADMIN, "/t/" + a + "/admin/verification/" + FilingFixture.PERIOD)),
            get(FilingFixture.ADMIN, "/api/v1/tenants/" + a + "/periods/" + FilingFixture.PERIOD + "/verification"),
            get(FilingFixture.ADMIN, "/api/v1/tenants/" + a + "/filings/" + inA + "/verification"),
            get(FilingFixture.ADMIN, "/api/v1/tenants/" + a + "/filings/" + inA + "/attestations"),
            get(FilingFixture.ADMIN, "/api/v1/tenants/" + a + "/verification"),
            Html.text(get(FilingFixture.ADMIN, "/t/" + a + "/admin/verification")),
            Html.text(get("eva", "/t/" + a + "/evaluator/filings/" + inA)),
            get("eva", "/api/v1/tenants/" + a + "/filings/" + inA + "/attestations"),
            Html.text(get("eva", "/evaluator")),
            get("eva", "/api/v1/attestations/pending"),
        };
        assertThat(adminViews[0]).contains(message);
        assertThat(adminViews[1]).contains(message);
        for (String view : adminViews) {
            for (String secret : secrets) {
                assertThat(view).as("a response in tenant " + a).doesNotContain(secret);
            }
        }
        // the builder is told too, in both CMOs
        String builder = get("bruno", "/api/v1/builder/checks");
        assertThat(builder).contains(message);
        // the builder's checks are paged, newest first, over every filing of the suite's builder: found by the model
        assertThat(Html.text(get("bruno", "/builder/verification?q=" + model))).contains(message);

        // the same figures everywhere: consistent
        String same = Unique.name("m");
        long sameA = fixture.file(a, FilingFixture.Json.of(same));
        fixture.file(b, FilingFixture.Json.of(same));
        SiblingCheck consistent = scope.call(a, () -> verification.siblings(sameA));
        assertThat(consistent.siblings()).isEqualTo(1);
        assertThat(consistent.inconsistent()).isFalse();

        // B resubmits with A's figures: the flag goes away on both sides
        fixture.file(b, FilingFixture.Json.of(model));
        assertThat(scope.call(a, () -> verification.siblings(inA)).inconsistent()).isFalse();
    }

    @Test
    void theAppRoleCannotReadAnotherTenantsDigests() {
        String a = fixture.newTenant(false);
        String b = fixture.newTenant(false);
        String model = Unique.name("m");
        fixture.file(a, FilingFixture.Json.of(model));
        fixture.file(b, FilingFixture.Json.of(model).share("0.31"));
        long visible = scope.call(a, () -> ((Number) em.createNativeQuery("SELECT count(*) FROM filing_digest WHERE model = ?1")
                .setParameter(1, model).getSingleResult()).longValue());
        assertThat(visible).as("only the tenant's own row").isEqualTo(1);
        long inB = scope.call(b, () -> ((Number) em.createNativeQuery("SELECT filing_id FROM filing_digest WHERE model = ?1")
                .setParameter(1, model).getSingleResult()).longValue());
        // asking about another tenant's filing answers nothing
        assertThat(scope.call(a, () -> verification.siblings(inB))).isEqualTo(SiblingCheck.NONE);
        assertThat(scope.call(b, () -> verification.siblings(inB)).differing()).containsExactly(Figure.DATA_VALUE_SHARE);
    }

    @Test
    void anEvaluatorSeesOnlyFilingsAddressedToItIn404sOtherwise() {
        String trusting = fixture.newTenant(true);
        String notTrusting = fixture.newTenant(false);
        long addressed = fixture.file(trusting, FilingFixture.Json.of(Unique.name("m")).evaluator("example-evals"));
        long toOther = fixture.file(trusting, FilingFixture.Json.of(Unique.name("m")).evaluator("Other Evals"));
        long none = fixture.file(trusting, FilingFixture.Json.of(Unique.name("m")).evaluator(null));
        long untrusted = fixture.file(notTrusting, FilingFixture.Json.of(Unique.name("m")));

        String page = Html.text(get("eva", "/t/" + trusting + "/evaluator/filings/" + addressed));
        assertThat(page).contains("750,000.00").contains("30%").contains("news").contains("Record attestation");
        for (long id : List.of(toOther, none)) {
            given().auth().oauth2(DevTokens.of("eva")).get("/t/" + trusting + "/evaluator/filings/" + id).then().statusCode(404);
            given().auth().oauth2(DevTokens.of("eva")).get("/api/v1/tenants/" + trusting + "/filings/" + id + "/attestations")
                    .then().statusCode(404).body("code", org.hamcrest.Matchers.is("not-found"));
            attest(trusting, id, "\"mixture\": true").then().statusCode(404);
        }
        // a tenant that does not trust the evaluator is closed to it, as if it did not exist
        given().auth().oauth2(DevTokens.of("eva")).get("/t/" + notTrusting + "/evaluator/filings/" + untrusted).then().statusCode(404);
        attest(notTrusting, untrusted, "\"mixture\": true").then().statusCode(404);
        // another tenant's filing id under this tenant's address
        given().auth().oauth2(DevTokens.of("eva")).get("/t/" + trusting + "/evaluator/filings/" + untrusted).then().statusCode(404);
        // a member or builder has no evaluator pages
        given().auth().oauth2(DevTokens.of("bruno")).get("/t/" + trusting + "/evaluator/filings/" + addressed).then().statusCode(403);

        // the queue is paged across every CMO trusting eva's organisation: searched by this CMO, whose name holds its slug
        List<Long> queue = given().auth().oauth2(DevTokens.of("eva")).queryParam("q", trusting).queryParam("size", 1000)
                .get("/api/v1/attestations/pending").then().statusCode(200).extract().jsonPath().getList("filingId", Long.class);
        assertThat(queue).contains(addressed).doesNotContain(toOther, none, untrusted);
        assertThat(scope.call(trusting, () -> Attestation.count())).isZero();
    }

    /** The evaluator's lists are searched by CMO, builder, model or period; what does not match is not listed. */
    @Test
    void theEvaluatorsFilingsAreSearchedByModel() {
        String tenant = fixture.newTenant(true);
        String model = Unique.name("findme");
        long found = fixture.file(tenant, FilingFixture.Json.of(model));
        long other = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        assertThat(Html.text(get("eva", "/evaluator?q=" + model.toUpperCase()))).contains("Filing " + found)
                .doesNotContain("Filing " + other);
        assertThat(Html.text(get("eva", "/evaluator?q=" + Unique.name("nothing")))).contains("No filing waiting for you matches");
    }

    @Test
    void theEvaluatorAttestsThroughTheForm() {
        String tenant = fixture.newTenant(true);
        long filing = fixture.file(tenant, FilingFixture.Json.of(Unique.name("m")));
        String html = get("eva", "/t/" + tenant + "/evaluator/filings/" + filing);
        assertThat(html).doesNotContain("style=").doesNotContain("<script>");
        assertThat(Html.text(get("eva", "/evaluator"))).contains("Filing " + filing);
    }

    @Test
    void theOperatorRegistersEvaluatorsAndAffiliatesAuditors() {
        String slug = Unique.name("ev");
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Evals " + slug)).post("/api/v1/evaluators")
                .then().statusCode(201).body("slug", org.hamcrest.Matchers.is(slug));
        String user = Unique.name("aud");
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON).body(Map.of("username", user))
                .post("/api/v1/evaluators/" + slug + "/users").then().statusCode(201)
                .body("users", org.hamcrest.Matchers.hasItem(user));
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Again"))
                .post("/api/v1/evaluators").then().statusCode(409);
        given().auth().oauth2(DevTokens.of(FilingFixture.ADMIN)).contentType(ContentType.JSON).body(Map.of("slug", Unique.name("x"), "name", "X"))
                .post("/api/v1/evaluators").then().statusCode(403);
        assertThat(Html.text(get("olivia", "/operator/evaluators?q=" + slug))).contains("Evals " + slug).contains("1 evaluator ");
        assertThat(Html.text(get("olivia", "/operator/evaluators/" + slug + "/users"))).contains(user);
        List<String> platform = QuarkusTransactionHelper.platformActions(em);
        assertThat(platform).contains("evaluator.create", "evaluator.user.add");
    }
}
