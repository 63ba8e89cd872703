package org.cmoportal.dispute;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import jakarta.inject.Inject;

import org.cmoportal.account.Conservation;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Disputes through the API (api.md, economics.md "Disputes"): a member opens one, an administrator rejects or proposes,
 * another approves; the adjustment lands in the open period with the fees answering for it, and conservation holds.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisputeFlowTest {

    @Inject
    Conservation conservation;

    @Inject
    TenantScope scope;

    DisputeWorld world;

    /** One CMO for the class, made once the application runs (a @BeforeAll runs before it listens). */
    @BeforeEach
    void distribute() {
        if (world == null) {
            world = DisputeWorld.create();
            world.distribute("2027-Q1");
        }
    }

    @Test
    void aMemberOpensTheAdministratorsAnswerAndAnotherApproves() {
        long[] news = world.line("alice", "2027-Q1", "news");
        long[] code = world.line("alice", "2027-Q1", "code");

        // the member opens a dispute of her news line
        JsonPath opened = open("alice", news[0], "My usage of the news archive was higher than reported.")
                .then().statusCode(201).header("Location", containsString("/disputes/")).extract().jsonPath();
        long id = opened.getLong("id");
        assertThat(opened.getString("state")).isEqualTo("OPEN");
        assertThat(opened.getString("ref")).isEqualTo("alice");
        assertThat(opened.getString("period")).isEqualTo("2027-Q1");
        assertThat(DisputeWorld.minor(opened.getString("lineAmount"))).isEqualTo(news[1]);
        assertThat(audit("dispute.open", id)).isEqualTo(1);

        // one open dispute per line
        open("alice", news[0], "Again").then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("dispute-open"));

        // she sees her own; bob sees none of hers; an administrator sees all
        assertThat(world.api("alice").get("/disputes").then().statusCode(200).extract().jsonPath().getList("id", Long.class)).contains(id);
        assertThat(world.api("bob").get("/disputes").then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
        world.api("bob").get("/disputes/" + id).then().statusCode(404);
        assertThat(world.api("noah").get("/disputes").then().statusCode(200).extract().jsonPath().getList("id", Long.class)).contains(id);

        // a member cannot answer: wrong role
        world.api("alice").contentType(ContentType.JSON).body(Map.of("reason", "mine")).post("/disputes/" + id + "/resolve")
                .then().statusCode(403);

        // an adjustment that would make the line negative is refused, nothing stored
        resolve("nadia", id, "-" + money(news[1] + 1), "Too much").then().statusCode(422)
                .body("errors[0].where", org.hamcrest.Matchers.equalTo("adjustment"));
        assertThat(get("nadia", id).getString("state")).isEqualTo("OPEN");

        // no open period yet: the approval has nowhere to land
        JsonPath proposed = resolve("nadia", id, "12.34", "The builder under-reported the archive usage.").then().statusCode(200)
                .extract().jsonPath();
        assertThat(proposed.getString("state")).isEqualTo("PROPOSED");
        assertThat(proposed.getString("adjustment")).isEqualTo("12.34");
        assertThat(DisputeWorld.minor(proposed.getString("after"))).isEqualTo(news[1] + 1234);
        assertThat(audit("dispute.propose", id)).isEqualTo(1);
        world.api("noah").post("/disputes/" + id + "/approve").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("no-open-period")).body("detail", containsString("Open the next period"));

        world.openPeriod("2027-Q2");
        // the proposer cannot approve (four eyes)
        world.api("nadia").post("/disputes/" + id + "/approve").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("four-eyes")).body("detail", containsString("another administrator"));
        long before = world.balanceInDb("alice");
        JsonPath approved = world.api("noah").post("/disputes/" + id + "/approve").then().statusCode(200).extract().jsonPath();
        assertThat(approved.getString("state")).isEqualTo("APPROVED");
        assertThat(approved.getString("approvedBy")).isEqualTo("noah");
        assertThat(approved.getString("landingPeriod")).isEqualTo("2027-Q2");
        assertThat(audit("dispute.approve", id)).isEqualTo(1);
        // approved once: a second approval is refused
        world.api("noah").post("/disputes/" + id + "/approve").then().statusCode(409);

        // the ADJUSTED entry in the open period, the statement's adjustment row, the fees answering for it
        assertThat(world.balanceInDb("alice")).isEqualTo(before + 1234);
        assertThat(OwnerSql.number("""
                SELECT count(*) FROM account_entry e JOIN period p ON p.id = e.period_id
                 WHERE e.tenant_id = ? AND e.member_ref = 'alice' AND e.kind = 'ADJUSTED' AND e.amount = 1234
                   AND e.cause = 'dispute' AND e.cause_id = ? AND p.label = '2027-Q2'""", world.tenant, id)).isEqualTo(1);
        assertThat(OwnerSql.number("""
                SELECT count(*) FROM adjustment a JOIN period p ON p.id = a.landing_period_id
                 WHERE a.tenant_id = ? AND a.cause = 'dispute' AND a.cause_id = ? AND a.member_ref = 'alice' AND p.label = '2027-Q2'
                   AND a.before = ? AND a.after = ? AND a.amount = 1234 AND a.what LIKE 'Line ' || ? || ' of 2027-Q1: Acme AI / disp-model, News'
                   AND a.reason = 'The builder under-reported the archive usage.'""",
                world.tenant, id, news[1], news[1] + 1234, news[0])).isEqualTo(1);
        assertThat(OwnerSql.number("""
                SELECT sum(amount) FROM tenant_entry e JOIN period p ON p.id = e.landing_period_id
                 WHERE e.tenant_id = ? AND e.account = 'FEES' AND e.cause = 'dispute' AND e.cause_id = ? AND p.label = '2027-Q2'""",
                world.tenant, id)).isEqualTo(-1234);
        Conservation.Identity identity = scope.call(world.tenant, () -> conservation.check());
        assertThat(identity.holds()).as("%s", identity).isTrue();
        assertThat(identity.difference()).isZero();

        // another dispute, rejected with a reason the member reads
        long other = open("alice", code[0], "I expected more for code.").then().statusCode(201).extract().jsonPath().getLong("id");
        JsonPath rejected = resolve("noah", other, "", "Code is shared equally among the members with usage.").then()
                .statusCode(200).extract().jsonPath();
        assertThat(rejected.getString("state")).isEqualTo("REJECTED");
        assertThat(audit("dispute.reject", other)).isEqualTo(1);
        JsonPath seen = world.api("alice").get("/disputes/" + other).then().statusCode(200).extract().jsonPath();
        assertThat(seen.getString("answer")).isEqualTo("Code is shared equally among the members with usage.");
        assertThat(seen.getString("adjustment")).isNull();
        // a closed dispute is not answered again; the line can be disputed anew
        resolve("nadia", other, "1.00", "Changed my mind").then().statusCode(409);
        long again = open("alice", code[0], "Please look again.").then().statusCode(201).extract().jsonPath().getLong("id");

        // a second adjustment of the corrected news line starts from where the first left it
        long third = open("alice", news[0], "Still short.").then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(DisputeWorld.minor(get("nadia", third).getString("before"))).isEqualTo(news[1] + 1234);
        resolve("nadia", third, "-" + money(news[1] + 1235), "Too much").then().statusCode(422);
        resolve("nadia", third, "-" + money(news[1] + 1234), "The archive usage belonged to another member.").then().statusCode(200);
        world.api("noah").post("/disputes/" + third + "/approve").then().statusCode(200);
        assertThat(world.balanceInDb("alice")).isEqualTo(before - news[1]);
        assertThat(scope.call(world.tenant, () -> conservation.check()).difference()).isZero();
        resolve("nadia", again, "", "Equal shares.").then().statusCode(200);
    }

    @Test
    void anotherMembersLineOrAnotherTenantsDisputeIsNotFound() {
        long[] alices = world.line("alice", "2027-Q1", "news");
        // bob cannot dispute alice's line: it does not exist for him
        open("bob", alices[0], "Not mine").then().statusCode(404);
        open("alice", 987654321L, "No such line").then().statusCode(404);
        long id = open("bob", world.line("bob", "2027-Q1", "code")[0], "Check please").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        world.api("alice").get("/disputes/" + id).then().statusCode(404);
        // an administrator of another CMO, and the same administrator in another CMO of hers, find nothing
        given().auth().oauth2(DevTokens.of("cora")).get("/api/v1/tenants/codebooks/disputes/" + id).then().statusCode(404);
        given().auth().oauth2(DevTokens.of("nadia")).get("/api/v1/tenants/newsguild/disputes/" + id).then().statusCode(404);
        given().auth().oauth2(DevTokens.of("nadia")).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/tenants/newsguild/disputes/" + id + "/resolve").then().statusCode(404);
        // a member of another CMO is not a member here
        given().auth().oauth2(DevTokens.of("dave")).contentType(ContentType.JSON)
                .body(Map.of("statementLineId", alices[0], "message", "x")).post("/api/v1/tenants/" + world.tenant + "/disputes")
                .then().statusCode(404);
        // a builder is no member: wrong role
        world.api("bruno").contentType(ContentType.JSON).body(Map.of("statementLineId", alices[0], "message", "x"))
                .post("/disputes").then().statusCode(403);
    }

    @Test
    void aMessageIsRequiredAndPrintable() {
        long[] line = world.line("bob", "2027-Q1", "news");
        open("bob", line[0], "  ").then().statusCode(422).body("errors[0].where", org.hamcrest.Matchers.equalTo("message"));
        open("bob", line[0], "bad \u0007 bell").then().statusCode(422);
        world.api("bob").contentType(ContentType.JSON).body(Map.of("message", "no line")).post("/disputes").then().statusCode(422)
                .body("errors[0].where", org.hamcrest.Matchers.equalTo("statementLineId"));
        assertThat(OwnerSql.number("SELECT count(*) FROM dispute WHERE tenant_id = ? AND statement_line_id = ?", world.tenant, line[0]))
                .isZero();
    }

    private io.restassured.response.Response open(String member, long line, String message) {
        return world.api(member).contentType(ContentType.JSON).body(Map.of("statementLineId", line, "message", message))
                .post("/disputes");
    }

    private io.restassured.response.Response resolve(String admin, long id, String adjustment, String reason) {
        return world.api(admin).contentType(ContentType.JSON)
                .body(adjustment.isEmpty() ? Map.of("reason", reason) : Map.of("adjustment", adjustment, "reason", reason))
                .post("/disputes/" + id + "/resolve");
    }

    private JsonPath get(String who, long id) {
        return world.api(who).get("/disputes/" + id).then().statusCode(200).extract().jsonPath();
    }

    private long audit(String action, long id) {
        return OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = ? AND object_type = 'dispute'"
                + " AND object_id = ?", world.tenant, action, Long.toString(id));
    }

    private static String money(long minor) {
        return org.cmoportal.money.Amounts.format(minor, DisputeWorld.USD);
    }
}
