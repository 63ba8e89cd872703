package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The workflow through the pages an administrator uses: the board's forms (with their CSRF token), the audit page, the builder's dues. */
@QuarkusTest
class PeriodPagesTest {

    static final String T = "wf-pages";
    static final String P = "2026-Q3";
    static final String BOARD = "/t/" + T + "/admin/periods/" + P;
    static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    static Cmo cmo;

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, List.of("alice", "bob", "carol"));
    }

    /** Loads the board as {@code user} and posts one of its forms with the page's CSRF token. */
    private static Response submit(String user, String action, Map<String, ?> fields) {
        return submit(BOARD, user, action, fields);
    }

    private static Response submit(String board, String user, String action, Map<String, ?> fields) {
        Response page = Cmo.as(user).get(board);
        page.then().statusCode(200);
        Matcher m = CSRF.matcher(page.asString());
        assertThat(m.find()).as("the board's forms carry a CSRF token").isTrue();
        return Cmo.as(user).redirects().follow(false).cookies(page.getCookies()).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", m.group(1)).formParams(fields).post(board + "/" + action);
    }

    /** The approve form names the run the board showed: a run replaced since, or a post naming none, approves nothing. */
    @Test
    void theBoardApprovesOnlyTheRunItShowed() throws Exception {
        String p = "2026-Q2-runs";
        String board = "/t/" + T + "/admin/periods/" + p;
        cmo.closedWithAcceptedFiling(p, PeriodWorkflowApiTest.worked("m-runs", "0.30"));
        cmo.post("nadia", p, "calculate").then().statusCode(200);
        Matcher shown = Pattern.compile("action=\"" + Pattern.quote(board) + "/approve\">\\s*<input type=\"hidden\" name=\"csrf-token\""
                + "[^>]*>\\s*<input type=\"hidden\" name=\"runId\" value=\"(\\d+)\"").matcher(Cmo.as("noah").get(board).asString());
        assertThat(shown.find()).as("the approve form carries the run it shows").isTrue();
        assertThat(Long.parseLong(shown.group(1))).isEqualTo(Reference.runId(T, p));

        // while noah reads the figures, nadia discards the run and calculates again
        cmo.post("nadia", p, "discard").then().statusCode(200);
        long current = cmo.post("nadia", p, "calculate").then().statusCode(200).extract().jsonPath().getLong("id");
        submit(board, "noah", "approve", Map.of("runId", shown.group(1))).then().statusCode(409)
                .body(containsString("as run " + current));
        submit(board, "noah", "approve", Map.of()).then().statusCode(409).body(containsString("run " + current));
        cmo.api("nadia").get("/periods/" + p).then().body("state", org.hamcrest.Matchers.equalTo("CALCULATED"));
        submit(board, "noah", "approve", Map.of("runId", current)).then().statusCode(303);
        cmo.api("nadia").get("/periods/" + p).then().body("state", org.hamcrest.Matchers.equalTo("APPROVED"));
    }

    @Test
    void anAdministratorTakesAPeriodThroughTheBoard() {
        cmo.open(P);
        FilingFixture.Filed a = FilingFixture.file(T, P, PeriodWorkflowApiTest.worked("m-page", "0.30"));
        FilingFixture.Filed flagged = FilingFixture.file(T, P, PeriodWorkflowApiTest.worked("m-flag", "0.55"));
        FilingFixture.Filed rejected = FilingFixture.file(T, P, PeriodWorkflowApiTest.worked("m-bad", "0.30"));

        Cmo.as("nadia").get("/t/" + T + "/admin/periods?q=" + P).then().statusCode(200).body(containsString("href=\"" + BOARD + "\""));
        Cmo.as("nadia").get(BOARD).then().statusCode(200).body(containsString("Close the period"))
                .body(containsString("m-flag")).body(containsString("flagged"));
        // a form post without the CSRF token is refused and changes nothing
        Cmo.as("nadia").redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("x", "y")
                .post(BOARD + "/close").then().statusCode(not(303));
        cmo.api("nadia").get("/periods/" + P).then().body("state", org.hamcrest.Matchers.equalTo("OPEN"));

        submit("nadia", "close", Map.of()).then().statusCode(303).header("Location", endsWith(BOARD + "?notice=closed"));
        Cmo.as("nadia").get(BOARD).then().body(containsString("state-CLOSED")).body(containsString("3 filing(s) still need a decision"));
        submit("nadia", "filings/" + flagged.id() + "/accept", Map.of("justification", "")).then().statusCode(422)
                .body(containsString("outside the accepted band"));
        submit("nadia", "filings/" + flagged.id() + "/accept", Map.of("justification", "Evaluator report 17")).then().statusCode(303);
        submit("nadia", "filings/" + rejected.id() + "/reject", Map.of("reason", "")).then().statusCode(422);
        submit("nadia", "filings/" + rejected.id() + "/reject", Map.of("reason", "Revenue not attested")).then().statusCode(303);
        submit("nadia", "filings/" + a.id() + "/accept", Map.of()).then().statusCode(303);

        submit("nadia", "calculate", Map.of()).then().statusCode(303).header("Location", endsWith("?notice=calculated"));
        long gross = Reference.engine(List.of(a, flagged)).tenantGross();
        String grossText = Amounts.formatGrouped(gross, CurrencyUnit.of("USD"));
        Cmo.as("nadia").get(BOARD).then().body(containsString("You calculated this run"))
                .body(containsString(grossText)).body(containsString("disabled aria-disabled=\"true\">Approve run"));
        submit("nadia", "approve", Map.of()).then().statusCode(409).body(containsString("you cannot approve it"));
        Response noahSees = Cmo.as("noah").get(BOARD);
        noahSees.then().body(containsString(grossText)).body(not(containsString("You calculated this run")));
        String runId = Pattern.compile("name=\"runId\" value=\"(\\d+)\"").matcher(noahSees.asString()).results()
                .findFirst().orElseThrow().group(1);
        submit("noah", "approve", Map.of("runId", runId)).then().statusCode(303);
        submit("noah", "distribute", Map.of()).then().statusCode(303);
        Cmo.as("nadia").get(BOARD).then().body(containsString("Download the payout file"));
        Cmo.as("nadia").get(BOARD + "/payout-file").then().statusCode(200)
                .header("Content-Type", containsString("text/csv")).body(containsString("member_ref,name,amount,currency"));
        cmo.post("nadia", P, "distribute").then().statusCode(409).body("detail", containsString("is DISTRIBUTED"));

        // the builder sees what it owes and why a filing was rejected
        Cmo.as("bruno").get("/builder").then().statusCode(200).body(containsString("What you owe"))
                .body(containsString(grossText)).body(containsString("Revenue not attested"));
        // another tenant's administrator does not see the board
        Cmo.as("olivia").contentType("application/json").body(Map.of("slug", T + "-x", "name", "X", "currency", "USD",
                "adminFeeRate", "0.1", "categories", List.of(Map.of("key", "news")))).post("/api/v1/tenants").then().statusCode(201);
        Cmo.as("olivia").contentType("application/json").body(Map.of("username", "colin"))
                .post("/api/v1/tenants/" + T + "-x/admins").then().statusCode(201);
        // (the 404 page of /t/... routes for colin renders once the error pages stop needing a CSRF token)
        Cmo.as("colin").get("/api/v1/tenants/" + T + "/periods/" + P + "/distribution").then().statusCode(404);
        Cmo.as("colin").get("/api/v1/tenants/" + T + "/audit/verify").then().statusCode(404);
    }

    @Test
    void theAuditPageListsEntriesAndVerifiesTheChain() {
        Cmo.as("nadia").get("/t/" + T + "/admin/audit").then().statusCode(200).body(containsString("Verify the chain"))
                .body(containsString("member.add"));
        Cmo.as("nadia").header("HX-Request", "true").header("HX-Target", "verdict").get("/t/" + T + "/admin/audit/verify")
                .then().statusCode(200).body(containsString("The chain is intact")).body(not(containsString("<html")));
        Cmo.as("nadia").get("/t/" + T + "/admin/audit/verify").then().statusCode(200)
                .body(containsString("The chain is intact")).body(containsString("<html"));
    }
}
