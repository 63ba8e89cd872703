package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.cmoportal.distribution.PeriodDistribution;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The whole period workflow through the API: review, calculation, four eyes, distribution, every wrong state. */
@QuarkusTest
class PeriodWorkflowApiTest {

    static final String T = "wf-api";
    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    static final List<String> MEMBERS = List.of("alice", "bob", "carol", "\uD835\uDC9Clpha", "\uFF5Aoë");
    static Cmo cmo;

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, MEMBERS);
        Cmo.once(T + "-other", List.of("alice"));
    }

    static FilingFixture.Spec worked(String model, String share) {
        return new FilingFixture.Spec(model, 125_000_000, 40_000_000, 10_000_000, share,
                Map.of("news", "0.25", "code", "0.40", "books", "0.15", "other", "0.20"), List.of(
                        new Filings.Line("news", "alice", 3), new Filings.Line("news", "bob", 1),
                        new Filings.Line("news", "zed", 3), new Filings.Line("code", "\uFF5Aoë", 2),
                        new Filings.Line("code", "\uD835\uDC9Clpha", 1), new Filings.Line("code", "carol", 7),
                        new Filings.Line("code", "ghost", 1)));
    }

    @Test
    void wholeWorkflowFromReviewToDistribution() throws SQLException {
        String p = "2026-Q3";
        cmo.open(p);
        FilingFixture.Filed a = FilingFixture.file(T, p, worked("m-alpha", "0.30"));
        FilingFixture.Filed flagged = FilingFixture.file(T, p, new FilingFixture.Spec("m-beta", 1_000_001, 0, 0, "0.60",
                Map.of("news", "0.5", "code", "0.5"), List.of(new Filings.Line("news", "bob", 2))));
        FilingFixture.Filed rejected = FilingFixture.file(T, p, worked("m-gamma", "0.25"));
        FilingFixture.Filed old = FilingFixture.file(T, p, worked("m-delta", "0.20"));
        FilingFixture.Filed latest = FilingFixture.file(T, p, worked("m-delta", "0.21"));

        // OPEN: no review, no calculation yet
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + a.id() + "/accept", Map.of()).then().statusCode(409)
                .body("detail", containsString("is OPEN"));
        for (String action : List.of("calculate", "approve", "distribute", "discard")) {
            cmo.post("nadia", p, action).then().statusCode(409).body("code", equalTo("wrong-state"))
                    .body("detail", containsString("The period 2026-Q3 is OPEN"));
        }
        cmo.post("nadia", p, "close").then().statusCode(200).body("state", equalTo("CLOSED"));
        cmo.post("noah", p, "close").then().statusCode(409).body("detail", containsString("is CLOSED"));
        cmo.api("nadia").get("/periods/" + p + "/distribution").then().statusCode(409).body("detail", containsString("is CLOSED"));

        // review
        cmo.post("nadia", p, "calculate").then().statusCode(409).body("code", equalTo("filings-unreviewed"));
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + flagged.id() + "/accept", Map.of("justification", "  "))
                .then().statusCode(422).body("errors[0].where", equalTo("justification"));
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + flagged.id() + "/accept",
                Map.of("justification", "Evaluator report 2026-117 supports 0.60")).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + rejected.id() + "/reject", Map.of())
                .then().statusCode(422).body("errors[0].where", equalTo("reason"));
        cmo.postJson("noah", "/periods/" + p + "/filings/" + rejected.id() + "/reject",
                Map.of("reason", "Serving cost does not match the attestation")).then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("reviewNote", equalTo("Serving cost does not match the attestation"));
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + old.id() + "/accept", Map.of()).then().statusCode(409)
                .body("code", equalTo("filing-superseded"));
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + a.id() + "/accept", Map.of()).then().statusCode(200);
        cmo.postJson("nadia", "/periods/" + p + "/filings/" + latest.id() + "/accept", Map.of()).then().statusCode(200);
        cmo.postJson("nadia", "/periods/" + p + "/filings/999999/accept", Map.of()).then().statusCode(404);

        // CLOSED -> CALCULATED
        List<FilingFixture.Filed> accepted = List.of(a, flagged, latest);
        PeriodDistribution engine = Reference.engine(accepted);
        JsonPath calc = cmo.post("nadia", p, "calculate").then().statusCode(200).extract().jsonPath();
        assertThat(calc.getString("tenantGross")).isEqualTo(Amounts.format(engine.tenantGross(), USD));
        assertThat(calc.getString("fees")).isEqualTo(Amounts.format(engine.fees(), USD));
        assertThat(calc.getString("paid")).isEqualTo(Amounts.format(engine.paid(), USD));
        assertThat(calc.getString("suspense")).isEqualTo(Amounts.format(engine.suspense(), USD));
        assertThat(calc.getMap("suspenseByRef")).isEqualTo(formatted(engine.suspenseByRef()));
        assertThat(calc.getMap("suspenseByCategory")).isEqualTo(formatted(engine.suspenseByCategory()));
        assertThat(calc.getString("calculatedBy")).isEqualTo("nadia");
        assertThat(calc.getInt("filings")).isEqualTo(3);
        long runId = calc.getLong("id");
        Reference.assertRunLinesMatch(runId, accepted);
        for (String action : List.of("calculate", "close", "distribute")) {
            cmo.post("noah", p, action).then().statusCode(409).body("detail", containsString("is CALCULATED"));
        }
        cmo.postJson("noah", "/periods/" + p + "/filings/" + a.id() + "/reject", Map.of("reason", "late"))
                .then().statusCode(409).body("detail", containsString("is CALCULATED"));

        // four eyes: the calculator cannot approve; the approver sees the calculator's figures
        cmo.post("nadia", p, "approve").then().statusCode(409).body("code", equalTo("four-eyes"))
                .body("detail", containsString("another administrator"));
        JsonPath seen = cmo.api("noah").get("/periods/" + p + "/distribution").then().statusCode(200).extract().jsonPath();
        assertThat(seen.getMap("$")).isEqualTo(calc.getMap("$"));
        cmo.postJson("noah", "/periods/" + p + "/approve", Map.of("runId", runId)).then().statusCode(200)
                .body("state", equalTo("APPROVED")).body("approvedBy", equalTo("noah")).body("calculatedBy", equalTo("nadia"));
        for (String action : List.of("approve", "discard", "calculate")) {
            cmo.post("nadia", p, action).then().statusCode(409).body("detail", containsString("is APPROVED"));
        }
        cmo.api("nadia").get("/periods/" + p + "/payout-file").then().statusCode(409).body("detail", containsString("is APPROVED"));

        // APPROVED -> DISTRIBUTED: statements published, payout file
        cmo.post("nadia", p, "distribute").then().statusCode(200).body("state", equalTo("DISTRIBUTED"));
        cmo.post("noah", p, "distribute").then().statusCode(409).body("detail", containsString("is DISTRIBUTED"));
        Reference.assertStatementsMatch(T, p, engine);
        String csv = cmo.api("noah").accept("text/csv").get("/periods/" + p + "/payout-file").then().statusCode(200)
                .header("Content-Type", containsString("text/csv")).extract().asString();
        StringBuilder expectedCsv = new StringBuilder("member_ref,name,amount,currency\r\n");
        engine.statements().stream().filter(s -> s.total() > 0).forEach(s -> expectedCsv.append(s.ref()).append(",Member ")
                .append(s.ref()).append(',').append(Amounts.format(s.total(), USD)).append(",USD\r\n"));
        assertThat(csv).isEqualTo(expectedCsv.toString());
        assertThat(engine.statements()).extracting(s -> s.ref()).doesNotContain("zed", "ghost");

        // the audit log holds every step with its figures, and the chain is intact
        JsonPath log = cmo.api("nadia").get("/audit").then().statusCode(200).extract().jsonPath();
        List<String> actions = log.getList("entries.action");
        assertThat(actions.subList(0, 9)).containsExactly("period.distribute", "period.approve", "period.calculate",
                "filing.accept", "filing.accept", "filing.reject", "filing.accept", "period.close", "period.open");
        assertThat(log.getString("entries[2].after")).contains("\"tenantGross\": \"" + Amounts.format(engine.tenantGross(), USD) + "\"")
                .contains("\"state\": \"CALCULATED\"");
        assertThat(log.getString("entries[2].before")).contains("\"state\": \"CLOSED\"");
        assertThat(log.getString("entries[2].actor")).isEqualTo("nadia");
        assertThat(log.getString("entries[1].actor")).isEqualTo("noah");
        cmo.api("noah").get("/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aDiscardedRunReturnsToClosedAndAnApprovalOfTheOldRunIsRefused() throws SQLException {
        String p = "2026-Q4";
        FilingFixture.Filed a = cmo.closedWithAcceptedFiling(p, worked("m-one", "0.30"));
        long first = cmo.post("nadia", p, "calculate").then().statusCode(200).extract().jsonPath().getLong("id");
        cmo.post("noah", p, "discard").then().statusCode(200).body("state", equalTo("CLOSED"))
                .body("calculatedBy", equalTo(null));
        try (Connection c = OwnerSql.connect()) {
            assertThat(OwnerSql.number(c, "SELECT count(*) FROM run_line WHERE run_id = ?", first)).isZero();
            assertThat(OwnerSql.strings(c, "SELECT status FROM distribution_run WHERE id = ?", first)).containsExactly("DISCARDED");
        }
        // recalculated by noah: now nadia may approve, but not the run she saw before
        JsonPath second = cmo.post("noah", p, "calculate").then().statusCode(200).extract().jsonPath();
        assertThat(second.getLong("id")).isNotEqualTo(first);
        assertThat(second.getString("paid")).isEqualTo(Amounts.format(Reference.engine(List.of(a)).paid(), USD));
        cmo.postJson("nadia", "/periods/" + p + "/approve", Map.of("runId", first)).then().statusCode(409)
                .body("code", equalTo("run-replaced"));
        cmo.post("noah", p, "approve").then().statusCode(409).body("code", equalTo("four-eyes"));
        cmo.post("nadia", p, "approve").then().statusCode(200).body("approvedBy", equalTo("nadia"));
        Reference.assertRunLinesMatch(second.getLong("id"), List.of(a));
    }

    @Test
    void anotherTenantsAdministratorGets404AndOtherRolesGet403() {
        String p = "2027-Q1";
        cmo.open(p);
        Cmo.as("olivia").contentType("application/json").body(Map.of("username", "cora"))
                .post("/api/v1/tenants/" + T + "-other/admins").then().statusCode(201);
        Cmo.as("cora").post("/api/v1/tenants/" + T + "/periods/" + p + "/close").then().statusCode(404);
        Cmo.as("cora").get("/api/v1/tenants/" + T + "/periods/" + p + "/distribution").then().statusCode(404);
        Cmo.as("cora").get("/api/v1/tenants/" + T + "/audit").then().statusCode(404);
        Cmo.as("bruno").post("/api/v1/tenants/" + T + "/periods/" + p + "/close").then().statusCode(403);
        cmo.api("nadia").get("/periods/" + p).then().body("state", equalTo("OPEN"));
    }

    @Test
    void publishedStatementsAndAuditEntriesCannotBeRewrittenEvenByTheOwner() throws SQLException {
        String p = "2027-Q2";
        FilingFixture.Filed a = cmo.closedWithAcceptedFiling(p, worked("m-final", "0.30"));
        cmo.post("nadia", p, "calculate").then().statusCode(200);
        cmo.post("noah", p, "approve").then().statusCode(200);
        cmo.post("noah", p, "distribute").then().statusCode(200);
        long run = Reference.runId(T, p);
        for (String sql : List.of("UPDATE statement SET total = total + 1 WHERE run_id = " + run,
                "DELETE FROM statement_line WHERE statement_id IN (SELECT id FROM statement WHERE run_id = " + run + ")",
                "UPDATE run_line SET amount = amount + 1 WHERE run_id = " + run,
                "DELETE FROM run_line WHERE run_id = " + run,
                "UPDATE distribution_run SET paid = paid WHERE id = " + run,
                "UPDATE audit_event SET actor = 'mallory' WHERE tenant_id = '" + T + "'",
                "DELETE FROM audit_event WHERE tenant_id = '" + T + "'")) {
            for (boolean owner : List.of(true, false)) {
                try (Connection c = owner ? OwnerSql.connect() : OwnerSql.app(T)) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OwnerSql.update(c, sql))
                            .as(sql + (owner ? " as owner" : " as app")).isInstanceOf(SQLException.class);
                }
            }
        }
    }

    private static Map<String, String> formatted(Map<String, Long> amounts) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        amounts.forEach((k, v) -> out.put(k, Amounts.format(v, USD)));
        return out;
    }
}
