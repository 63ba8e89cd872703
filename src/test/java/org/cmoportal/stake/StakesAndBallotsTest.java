package org.cmoportal.stake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.cmoportal.money.Fraction;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Stake grants, beneficial stakes and ballots through the API, against sums of the published lines. */
@QuarkusTest
class StakesAndBallotsTest {

    private static StakeWorld world;

    @Inject
    BallotCloser closer;

    @BeforeEach
    void world() {
        if (world == null) {
            world = StakeWorld.create();
        }
    }

    @Test
    void aMembersStakeIsItsShareOfTheModelsPayoutsAndTheStakesSumToOne() {
        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        assertThat(a).isPositive();
        assertThat(b).isPositive();
        JsonPath alice = world.api("alice").get("/members/a1/stakes").then().statusCode(200).extract().jsonPath();
        assertThat(alice.getList("model")).containsExactly(world.model);
        assertThat(alice.getString("[0].builder")).isEqualTo("Acme AI");
        assertThat(alice.getString("[0].stake")).isEqualTo(Fraction.of(a, a + b).rate6());
        assertThat(alice.getString("[0].cumulativePayout")).isEqualTo(java.math.BigDecimal.valueOf(a, 2).toPlainString());
        JsonPath bob = world.api("nadia").get("/members/b1/stakes").then().statusCode(200).extract().jsonPath();
        assertThat(bob.getList("model")).containsExactlyInAnyOrder(world.model, world.rivalModel);
        // the rival model has one holder: the whole of it
        assertThat(bob.getString("find { it.model == '" + world.rivalModel + "' }.stake")).isEqualTo("1.000000");
        // another member's stakes: 404; a member without payouts has none
        world.api("alice").get("/members/b1/stakes").then().statusCode(404);
        world.api("carol").get("/members/c1/stakes").then().statusCode(200).body("size()", equalTo(0));
        world.api("nadia").get("/members/nobody/stakes").then().statusCode(404);
    }

    @Test
    void theRegisterRanksHoldersAndShowsConcentrationAndItsCsvStreamsEveryHolder() {
        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        JsonPath reg = world.api("nadia").get("/models/" + world.model + "/stakes").then().statusCode(200).extract().jsonPath();
        assertThat(reg.getLong("holders")).isEqualTo(2);
        assertThat(reg.getList("holdersPage.ref")).containsExactly("a1", "b1");
        // top 1% and top 10% of two holders is one holder: a1
        assertThat(reg.getString("top1PercentShare")).isEqualTo(Fraction.of(a, a + b).rate6());
        assertThat(reg.getString("top10PercentShare")).isEqualTo(Fraction.of(a, a + b).rate6());
        String csv = world.api("nadia").get("/models/" + world.model + "/stakes/csv").then().statusCode(200).extract().asString();
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv.lines().skip(1).toList().get(0)).contains("a1").contains(Fraction.of(a, a + b).toString());
        world.api("bruno").get("/models/" + world.model + "/stakes").then().statusCode(403);
        world.api("nadia").get("/models/no-such-model/stakes").then().statusCode(404);
    }

    @Test
    void aRestatementsAdjustmentMovesTheStake() {
        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        String restated = world.slug + "-r";
        // a restatement of the model's filing, approved: its ADJUSTED entry for b1 as the restatement posts it
        long filing = OwnerSql.number("SELECT id FROM filing WHERE tenant_id = ? AND model = ?", world.slug, world.rivalModel);
        long period = OwnerSql.number("SELECT period_id FROM filing WHERE id = ?", filing);
        // the restating figures are the filing's own; only the row and its entry matter to the stake
        long restatement = OwnerSql.number("""
                INSERT INTO restatement (tenant_id, period_id, filing_id, state, reason, builder_id, model, currency, revenue,
                                         serving_cost, post_training_cost, data_value_share, share_flagged, usage_sha256,
                                         usage_lines, proposed_by, first_approved_by, first_approved_at, decided_by,
                                         decided_at, landing_period_id)
                SELECT tenant_id, period_id, id, 'APPROVED', ?, builder_id, model, currency, revenue, serving_cost,
                       post_training_cost, data_value_share, false, repeat('0', 64), 0, 'bruno', 'nadia', now(), 'noah',
                       now(), period_id
                  FROM filing WHERE id = ?
                RETURNING id""", restated, filing);
        OwnerSql.execute("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
                VALUES (?, 'a1', 'ADJUSTED', 500, ?, 'restatement', ?, 'restated by the test', ?)""", world.slug, period, restatement,
                period);
        long rivalB = world.paid(world.rivalModel, "b1");
        JsonPath alice = world.api("alice").get("/members/a1/stakes").then().statusCode(200).extract().jsonPath();
        assertThat(alice.getList("model")).containsExactlyInAnyOrder(world.model, world.rivalModel);
        assertThat(alice.getString("find { it.model == '" + world.rivalModel + "' }.stake"))
                .isEqualTo(Fraction.of(500, rivalB + 500).rate6());
        assertThat(alice.getString("find { it.model == '" + world.model + "' }.stake")).isEqualTo(Fraction.of(a, a + b).rate6());
    }

    @Test
    void aGrantIsHeldOnceTwoAdministratorsAcceptedIt() {
        Map<String, String> grant = Map.of("share", "0.05", "reference", "equity-grant-1", "sha256", "AB".repeat(32));
        world.api("rita").body(grant).post("/models/" + world.model + "/stake-grants").then().statusCode(404);
        world.api("bruno").body(Map.of("share", "0", "reference", "", "sha256", "xyz")).post("/models/" + world.model + "/stake-grants")
                .then().statusCode(422).body("errors.where", org.hamcrest.Matchers.hasItems("share", "reference", "sha256"));
        long id = world.api("bruno").body(grant).post("/models/" + world.model + "/stake-grants").then().statusCode(201)
                .body("state", equalTo("PROPOSED")).body("sha256", equalTo("ab".repeat(32))).extract().jsonPath().getLong("id");
        world.api("noah").post("/stake-grants/" + id + "/confirm").then().statusCode(409);
        world.api("nadia").post("/stake-grants/" + id + "/accept").then().statusCode(200).body("state", equalTo("ACCEPTED"));
        world.api("nadia").post("/stake-grants/" + id + "/confirm").then().statusCode(409).body("code", equalTo("four-eyes"));
        world.api("noah").post("/stake-grants/" + id + "/confirm").then().statusCode(200).body("state", equalTo("HELD"))
                .body("confirmedBy", equalTo("noah"));
        world.api("bruno").get("/models/" + world.model + "/stake-grants").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem((int) id));
        world.api("rita").get("/models/" + world.model + "/stake-grants").then().statusCode(404);
        world.api("bruno").post("/stake-grants/" + id + "/accept").then().statusCode(403);
        assertThat(world.audits("stake-grant.propose")).isGreaterThanOrEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND object_type = 'stake-grant' AND object_id = ?",
                world.slug, String.valueOf(id))).isEqualTo(3);
    }

    @Test
    void votesAreTalliedExactlyOnceAtClosingAndTheBuilderAcknowledges() throws Exception {
        Instant closesAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> body = Map.of("question", "May the model be trained on our news category? «oui»",
                "closesAt", closesAt.toString(), "quorum", "0.5", "threshold", "0.5");
        world.api("bruno").body(body).post("/models/" + world.model + "/ballots").then().statusCode(403);
        world.api("nadia").body(body).post("/models/no-such-model/ballots").then().statusCode(404);
        world.api("nadia").body(Map.of("question", "", "closesAt", "yesterday", "quorum", "2", "threshold", "x"))
                .post("/models/" + world.model + "/ballots").then().statusCode(422);
        long id = world.api("nadia").body(body).post("/models/" + world.model + "/ballots").then().statusCode(201)
                .body("state", equalTo("OPEN")).extract().jsonPath().getLong("id");

        world.api("alice").body(Map.of("ref", "a1", "choice", "no")).post("/ballots/" + id + "/votes").then().statusCode(200);
        world.api("alice").body(Map.of("ref", "a1", "choice", "yes")).post("/ballots/" + id + "/votes").then().statusCode(200)
                .body("choice", equalTo("yes"));
        world.api("bob").body(Map.of("ref", "b1", "choice", "no")).post("/ballots/" + id + "/votes").then().statusCode(200);
        world.api("bob").body(Map.of("ref", "a1", "choice", "no")).post("/ballots/" + id + "/votes").then().statusCode(404);
        world.api("alice").body(Map.of("ref", "a1", "choice", "maybe")).post("/ballots/" + id + "/votes").then().statusCode(422);
        // carol's ref was paid nothing from the model: no stake, no vote
        world.api("carol").body(Map.of("ref", "c1", "choice", "yes")).post("/ballots/" + id + "/votes").then().statusCode(403);
        world.api("carol").get("/ballots/" + id).then().statusCode(403);
        // another tenant's ballot: alice is a member of newsguild too
        DevTokens.as("alice").get("/api/v1/tenants/newsguild/ballots/" + id).then().statusCode(404);
        DevTokens.as("alice").contentType("application/json").body(Map.of("ref", "alice", "choice", "yes"))
                .post("/api/v1/tenants/newsguild/ballots/" + id + "/votes").then().statusCode(404);
        // the builder of another model
        world.api("rita").get("/ballots/" + id).then().statusCode(404);
        world.api("bruno").get("/ballots/" + id).then().statusCode(200).body("state", equalTo("OPEN"))
                .body("resultSha256", org.hamcrest.Matchers.nullValue());
        world.api("bruno").post("/ballots/" + id + "/acknowledge").then().statusCode(409);

        // two closers at once, as two instances would be: one closes it, the other finds it closed
        Instant later = closesAt.plusSeconds(1);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> runs = List.of(pool.submit(() -> {
                start.await();
                return closer.close(world.slug, id, later);
            }), pool.submit(() -> {
                start.await();
                return closer.close(world.slug, id, later);
            }));
            int closed = 0;
            for (Future<Boolean> r : runs) {
                closed += r.get() ? 1 : 0;
            }
            assertThat(closed).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'ballot.close' AND object_id = ?",
                world.slug, String.valueOf(id))).isEqualTo(1);
        assertThat(closer.close(world.slug, id, later)).isFalse();

        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        Fraction yes = Fraction.of(a, a + b);
        Fraction no = Fraction.of(b, a + b);
        boolean passed = yes.compareTo(Fraction.of(1, 2).times(yes.plus(no))) > 0;
        Response result = world.api("nadia").get("/ballots/" + id);
        result.then().statusCode(200).body("state", equalTo("CLOSED")).body("quorumMet", equalTo(true))
                .body("passed", equalTo(passed)).body("turnout", equalTo("1.000000")).body("yes", equalTo(yes.rate6()))
                .body("no", equalTo(no.rate6())).body("abstain", equalTo("0.000000")).body("votes", equalTo(2));
        String canonical = "{\"abstain\":\"0.000000\",\"ballot\":" + id + ",\"closesAt\":\"" + closesAt + "\",\"model\":\""
                + world.model + "\",\"no\":\"" + no.rate6() + "\",\"passed\":" + passed
                + ",\"question\":\"May the model be trained on our news category? «oui»\",\"quorum\":\"0.5\",\"quorumMet\":true,"
                + "\"threshold\":\"0.5\",\"turnout\":\"1.000000\",\"yes\":\"" + yes.rate6() + "\"}";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.jsonPath().getString("resultSha256")).isEqualTo(sha);

        world.api("alice").body(Map.of("ref", "a1", "choice", "no")).post("/ballots/" + id + "/votes").then().statusCode(409);
        world.api("alice").get("/ballots/" + id).then().statusCode(200).body("resultSha256", equalTo(sha));
        world.api("rita").post("/ballots/" + id + "/acknowledge").then().statusCode(404);
        world.api("bruno").post("/ballots/" + id + "/acknowledge").then().statusCode(200).body("acknowledgedBy", equalTo("bruno"));
        world.api("bruno").post("/ballots/" + id + "/acknowledge").then().statusCode(409);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'ballot.acknowledge' AND object_id = ?",
                world.slug, String.valueOf(id))).isEqualTo(1);
    }

    @Test
    void twoWholeClosingPassesAtOnceCloseEachDueBallotOnceEnteringOnlyTenantsThatHaveOne() throws Exception {
        // later than any other test's ballot would close by itself, so the scheduled pass (Instant.now()) leaves these alone
        Instant closesAt = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(world.api("nadia").body(Map.of("question", "Question " + i + " for two closers at once",
                    "closesAt", closesAt.toString(), "quorum", "0.1", "threshold", "0.5"))
                    .post("/models/" + world.model + "/ballots").then().statusCode(201).extract().jsonPath().getLong("id"));
        }
        world.api("alice").body(Map.of("ref", "a1", "choice", "yes")).post("/ballots/" + ids.get(0) + "/votes").then().statusCode(200);
        Instant later = closesAt.plusSeconds(1);
        // no ballot closes before it was opened: the platform-wide question names no tenant then
        assertThat(closer.tenantsWithDueBallots(Instant.EPOCH)).isEmpty();
        assertThat(closer.tenantsWithDueBallots(later)).contains(world.slug);

        // two instances' passes at the same moment, each on its own thread and so its own connections and transactions
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int closed = 0;
        try {
            List<Future<Integer>> passes = List.of(pool.submit(() -> {
                start.await();
                return closer.closeDue(later);
            }), pool.submit(() -> {
                start.await();
                return closer.closeDue(later);
            }));
            for (Future<Integer> pass : passes) {
                closed += pass.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(closed).isGreaterThanOrEqualTo(ids.size());
        for (long id : ids) {
            assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'ballot.close' AND object_id = ?",
                    world.slug, String.valueOf(id))).as("closes of ballot %d", id).isEqualTo(1);
            world.api("nadia").get("/ballots/" + id).then().statusCode(200).body("state", equalTo("CLOSED"));
        }
        assertThat(world.api("nadia").get("/ballots/" + ids.get(0)).jsonPath().getInt("votes")).isEqualTo(1);
        // nothing left due: the tenant is no longer named, and a third pass closes nothing
        assertThat(closer.tenantsWithDueBallots(later)).doesNotContain(world.slug);
        assertThat(closer.closeDue(later)).isZero();
    }

    @Test
    void aBallotClosesAtItsClosingTimeWithoutAnyonePressing() throws Exception {
        Instant closesAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        long id = world.api("nadia").body(Map.of("question", "Must outputs quoting our members' works carry attribution?",
                "closesAt", closesAt.toString(), "quorum", "0.9", "threshold", "0"))
                .post("/models/" + world.model + "/ballots").then().statusCode(201).extract().jsonPath().getLong("id");
        world.api("bob").body(Map.of("ref", "b1", "choice", "yes")).post("/ballots/" + id + "/votes").then().statusCode(200);
        String state = "OPEN";
        for (int i = 0; i < 60 && state.equals("OPEN"); i++) {
            Thread.sleep(500);
            state = world.api("nadia").get("/ballots/" + id).then().statusCode(200).extract().jsonPath().getString("state");
        }
        assertThat(state).isEqualTo("CLOSED");
        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        boolean quorum = Fraction.of(b, a + b).compareTo(Fraction.of(9, 10)) >= 0;
        world.api("nadia").get("/ballots/" + id).then().body("quorumMet", equalTo(quorum)).body("votes", equalTo(1))
                .body("turnout", equalTo(Fraction.of(b, a + b).rate6()));
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'ballot.close' AND object_id = ? AND actor = 'system'",
                world.slug, String.valueOf(id))).isEqualTo(1);
        assertThat(BigInteger.ONE).isNotNull();
    }

    // ------------------------------------------------------------------ the pages

    private static io.restassured.specification.RequestSpecification form(String user) {
        return DevTokens.page(user).contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF);
    }

    @Test
    void theMembersPageShowsEachStakeWithItsChartAndTable() {
        String html = DevTokens.as("alice").get("/t/" + world.slug + "/stakes/a1").then().statusCode(200).extract().asString();
        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        assertThat(html).contains(world.model, "<svg", "role=\"img\"", "<desc", "How your stake in " + world.model + " changed by period",
                Fraction.of(a, a + b).percent(), "2026-Q1");
        DevTokens.as("alice").get("/t/" + world.slug + "/stakes/b1").then().statusCode(404);
    }

    @Test
    void theAdministratorOpensABallotAndMembersVoteOnItsPage() {
        String closesAt = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        form("nadia").formParam("model", world.model).formParam("question", "").formParam("closesAt", closesAt)
                .formParam("quorum", "0.2").formParam("threshold", "0.5").post("/t/" + world.slug + "/admin/stakes/ballots")
                .then().statusCode(422).body(org.hamcrest.Matchers.containsString("Nothing was saved"));
        Response opened = form("nadia").formParam("model", world.model).formParam("question", "Attribution on quotes?")
                .formParam("closesAt", closesAt).formParam("quorum", "0.2").formParam("threshold", "0.5")
                .post("/t/" + world.slug + "/admin/stakes/ballots");
        assertThat(opened.statusCode()).isEqualTo(303);
        String ballot = java.net.URI.create(opened.header("Location")).getPath();
        String page = DevTokens.as("alice").get(ballot).then().statusCode(200).extract().asString();
        assertThat(page).contains("<fieldset>", "<legend>Vote of ref a1", "type=\"radio\"", "name=\"choice\" value=\"abstain\"",
                "name=\"csrf-token\"");
        form("alice").formParam("ref", "a1").formParam("choice", "maybe").post(ballot + "/votes").then().statusCode(422);
        form("alice").formParam("ref", "a1").formParam("choice", "abstain").post(ballot + "/votes").then().statusCode(303);
        assertThat(DevTokens.as("alice").get(ballot).then().statusCode(200).extract().asString()).contains("Vote of ref a1: now abstain");
        DevTokens.as("nadia").get("/t/" + world.slug + "/admin/stakes").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Attribution on quotes?"));
        DevTokens.as("nadia").get("/t/" + world.slug + "/admin/stakes/" + world.model).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("held by the top 1%"));
        String csv = DevTokens.as("nadia").get("/t/" + world.slug + "/admin/stakes/" + world.model + "/csv").then().statusCode(200)
                .extract().asString();
        assertThat(csv).startsWith("tenant,model,rank,member_ref");
    }

    @Test
    void aBuilderRecordsAGrantOnItsPageAndTwoAdministratorsAcceptIt() {
        form("bruno").formParam("model", world.model).formParam("share", "2").formParam("reference", "doc").formParam("sha256", "x")
                .post("/t/" + world.slug + "/builder/stakes/grants").then().statusCode(422);
        form("bruno").formParam("model", world.model).formParam("share", "0.1").formParam("reference", "page-grant")
                .formParam("sha256", "12".repeat(32)).post("/t/" + world.slug + "/builder/stakes/grants").then().statusCode(303);
        assertThat(DevTokens.as("bruno").get("/t/" + world.slug + "/builder/stakes").then().statusCode(200).extract().asString())
                .contains("page-grant", "PROPOSED");
        assertThat(DevTokens.as("rita").get("/t/" + world.slug + "/builder/stakes").then().statusCode(200).extract().asString())
                .doesNotContain("page-grant", world.model);
        long id = OwnerSql.number("SELECT id FROM stake_grant WHERE tenant_id = ? AND reference = 'page-grant'", world.slug);
        form("nadia").post("/t/" + world.slug + "/admin/stake-grants/" + id + "/accept").then().statusCode(303);
        form("nadia").post("/t/" + world.slug + "/admin/stake-grants/" + id + "/confirm").then().statusCode(409)
                .body(org.hamcrest.Matchers.containsString("four eyes"));
        form("noah").post("/t/" + world.slug + "/admin/stake-grants/" + id + "/confirm").then().statusCode(303);
        assertThat(OwnerSql.number("SELECT count(*) FROM stake_grant WHERE id = ? AND state = 'HELD' AND confirmed_by = 'noah'", id))
                .isEqualTo(1);
    }
}
