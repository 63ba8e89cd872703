package org.cmoportal.suspense;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Suspense that reaches its owners, through the API as people use it (economics.md, "Suspense: claims and ageing";
 * api.md): what is held and who may see it, a claim from the member through two administrators to the member's
 * account, the alias's usage merged into the member's key by the next run, aged releases with four eyes and their
 * refusals, and conservation after each step.
 */
@QuarkusTest
class SuspenseClaimsTest {

    /** A CMO of its own (USD, fee 10%, news pro rata and code equal shares); alice and bob sign in, carol does not. */
    static String cmo() {
        String slug = Unique.name("wf-susp");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Suspense Guild " + slug, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", List.of(
                        Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"),
                        Map.of("key", "code", "name", "Code", "rule", "EQUAL_SHARES"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin)).post("/api/v1/tenants/" + slug + "/admins")
                    .then().statusCode(201);
        }
        for (String[] m : new String[][] {{"alice", "alice"}, {"bob", "bob"}, {"carol", null}}) {
            api(slug, "nadia").contentType(ContentType.JSON).body(m[1] == null ? Map.of("ref", m[0], "name", "Member " + m[0])
                    : Map.of("ref", m[0], "name", "Member " + m[0], "username", m[1])).post("/members").then().statusCode(201);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", slug, "acme-ai");
        return slug;
    }

    /** Opens, files (one filing of bruno), closes, accepts, calculates (nadia), approves (noah), distributes (nadia). */
    static void distribute(String slug, String period, List<Filings.Line> usage) {
        api(slug, "nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
        long id = Filings.submit("bruno", slug, period, null, new Filings.Filing("susp-model", "USD", "1250000.00", "400000.00",
                "100000.00", "0.30", Map.of("news", "0.25", "code", "0.40", "books", "0.15", "other", "0.20"), null, usage));
        api(slug, "nadia").post("/periods/" + period + "/close").then().statusCode(200);
        api(slug, "nadia").contentType(ContentType.JSON).body(Map.of()).post("/periods/" + period + "/filings/" + id + "/accept")
                .then().statusCode(200);
        api(slug, "nadia").post("/periods/" + period + "/calculate").then().statusCode(200);
        api(slug, "noah").post("/periods/" + period + "/approve").then().statusCode(200);
        api(slug, "nadia").post("/periods/" + period + "/distribute").then().statusCode(200);
    }

    @Test
    void aClaimMovesTheHeldMoneyToTheMemberAndTheNextRunMatchesTheAlias() {
        String t = cmo();
        // economics.md's worked example: news 5,625,000 cents, fee 10%; alice 3, bob 1, zed 3 units; code has no usage
        distribute(t, "2026-Q1", List.of(new Filings.Line("news", "alice", 3), new Filings.Line("news", "bob", 1),
                new Filings.Line("news", "zed", 3)));

        JsonPath held = api(t, "alice").get("/suspense").then().statusCode(200).extract().jsonPath();
        assertThat(held.getList("ref")).containsExactly(null, "zed");
        assertThat(held.getList("category")).containsExactly("code", "news");
        assertThat(held.getList("amount")).containsExactly("81000.00", "21696.43");
        assertThat(held.getString("[1].heldSince")).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(held.getString("[1].releasableFrom")).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusMonths(36).toString());
        String asText = api(t, "alice").get("/suspense").asString();
        assertThat(asText).doesNotContain("bob").doesNotContain("alice");
        api(t, "nadia").get("/suspense").then().statusCode(200).body("ref", hasItem("zed"));
        // another tenant's member or administrator: not found; a builder: not allowed
        api(t, "dave").get("/suspense").then().statusCode(404);
        api(t, "cora").get("/suspense").then().statusCode(404);
        api(t, "bruno").get("/suspense").then().statusCode(403);

        // refusals: a member's own ref, a ref not held, another member's ref to claim for, no evidence
        claim(t, "alice", "bob", "alice", "mine").then().statusCode(409).body("code", equalTo("ref-is-a-member"));
        claim(t, "alice", "nobody", "alice", "mine").then().statusCode(422).body("errors.where", hasItem("ref"));
        claim(t, "alice", "zed", "bob", "mine").then().statusCode(404);
        claim(t, "alice", "zed", "alice", " ").then().statusCode(422).body("errors.where", hasItem("evidence"));
        api(t, "nadia").contentType(ContentType.JSON).body(Map.of("ref", "zed", "memberRef", "alice", "evidence", "x"))
                .post("/claims").then().statusCode(403);

        long id = claim(t, "alice", "zed", "alice", "zed is my pen name: https://example.org/alice")
                .then().statusCode(201).body("state", equalTo("OPEN")).extract().jsonPath().getLong("id");
        claim(t, "alice", "zed", "alice", "again").then().statusCode(409).body("code", equalTo("already-claimed"));
        long rival = claim(t, "bob", "zed", "bob", "zed is mine").then().statusCode(201).extract().jsonPath().getLong("id");
        // a member sees their own claims only; another member's claim is not found
        api(t, "bob").get("/claims").then().statusCode(200).body("id", equalTo(List.of((int) rival)));
        api(t, "bob").get("/claims/" + id).then().statusCode(404);
        api(t, "nadia").get("/claims").then().statusCode(200).body("size()", equalTo(2));

        api(t, "nadia").post("/claims/" + id + "/confirm").then().statusCode(409).body("code", equalTo("not-accepted"));
        api(t, "nadia").post("/claims/" + id + "/accept").then().statusCode(200).body("state", equalTo("ACCEPTED"));
        api(t, "nadia").post("/claims/" + id + "/confirm").then().statusCode(409).body("code", equalTo("four-eyes"))
                .body("detail", containsString("another administrator"));
        api(t, "noah").post("/claims/" + id + "/confirm").then().statusCode(200).body("state", equalTo("CONFIRMED"))
                .body("released", equalTo("21696.43"));
        api(t, "noah").post("/claims/" + id + "/confirm").then().statusCode(409).body("code", equalTo("wrong-state"));
        api(t, "bob").get("/claims/" + rival).then().statusCode(200).body("state", equalTo("REJECTED"));
        claim(t, "bob", "zed", "bob", "it is mine").then().statusCode(409).body("code", equalTo("already-claimed"));

        JsonPath account = api(t, "alice").get("/members/alice/account").then().statusCode(200).extract().jsonPath();
        assertThat(account.getList("entries.kind")).containsExactly("EARNED", "RELEASED");
        assertThat(account.getString("entries[1].amount")).isEqualTo("21696.43");
        assertThat(account.getString("entries[1].period")).isEqualTo("2026-Q1");
        assertThat(api(t, "alice").get("/suspense").then().statusCode(200).extract().jsonPath().getList("ref")).containsExactly((Object) null);
        conserved(t);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'claim.%'", t)).isEqualTo(5);

        // from confirmation on, zed's usage is alice's: one key, the units added up before allocation
        distribute(t, "2026-Q2", List.of(new Filings.Line("news", "alice", 1), new Filings.Line("news", "zed", 3),
                new Filings.Line("news", "bob", 4)));
        List<String> lines = new ArrayList<>();
        try (var c = OwnerSql.connect()) {
            lines.addAll(OwnerSql.strings(c, """
                    SELECT l.member_ref || ':' || l.units || ':' || l.matched || ':' || l.amount FROM run_line l
                      JOIN distribution_run r ON r.id = l.run_id JOIN period p ON p.id = r.period_id
                     WHERE l.tenant_id = ? AND p.label = '2026-Q2' AND l.category_key = 'news' ORDER BY 1""", t));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        // 5,062,500 net over alice 4 and bob 4 units: 2,531,250 each, nothing to suspense
        assertThat(lines).containsExactly("alice:4:true:2531250", "bob:4:true:2531250");
        conserved(t);
    }

    @Test
    void agedMoneyIsReleasedByTwoAdministratorsOverTheMembersPaid() {
        String t = cmo();
        distribute(t, "2026-Q1", List.of(new Filings.Line("news", "alice", 3), new Filings.Line("news", "bob", 1),
                new Filings.Line("news", "zed", 3)));
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        // before the hold limit: refused, with the date it becomes releasable
        api(t, "nadia").contentType(ContentType.JSON).body(Map.of("asOf", today)).post("/suspense/releases").then().statusCode(409)
                .body("code", equalTo("nothing-aged")).body("detail", containsString(LocalDate.now(ZoneOffset.UTC).plusMonths(36).toString()));
        api(t, "nadia").contentType(ContentType.JSON).body(Map.of("asOf", "01/10/2029")).post("/suspense/releases").then()
                .statusCode(422).body("errors.where", hasItem("asOf"));
        api(t, "alice").contentType(ContentType.JSON).body(Map.of()).post("/suspense/releases").then().statusCode(403);

        // a proposal as of a date when it will have aged: confirming it before that date is refused
        String later = LocalDate.now(ZoneOffset.UTC).plusMonths(37).toString();
        long future = api(t, "nadia").contentType(ContentType.JSON).body(Map.of("asOf", later)).post("/suspense/releases").then()
                .statusCode(201).body("state", equalTo("PROPOSED")).extract().jsonPath().getLong("id");
        api(t, "noah").post("/suspense/releases/" + future + "/confirm").then().statusCode(409).body("code", equalTo("not-yet"))
                .body("detail", containsString(later));

        api(t, "nadia").contentType(ContentType.JSON).body(Map.of("suspenseHoldMonths", 0)).patch("").then().statusCode(200);
        JsonPath first = api(t, "nadia").contentType(ContentType.JSON).body(Map.of()).post("/suspense/releases").then()
                .statusCode(201).extract().jsonPath();
        JsonPath proposal = api(t, "noah").contentType(ContentType.JSON).body(Map.of("asOf", today)).post("/suspense/releases").then()
                .statusCode(201).extract().jsonPath();
        // news: zed's 2,169,643 over alice 2,169,643 and bob 723,214 (paid in news); code: nobody used it, so its net
        // 8,100,000 goes over the members paid in the period, weighted by their payouts there (the same ones)
        assertThat(proposal.getList("shares.category")).containsExactly("code", "code", "news", "news");
        assertThat(proposal.getList("shares.ref")).containsExactly("alice", "bob", "alice", "bob");
        assertThat(proposal.getList("shares.amount")).containsExactly("60750.01", "20249.99", "16272.32", "5424.11");
        assertThat(proposal.getString("total")).isEqualTo("102696.43");

        long id = proposal.getLong("id");
        api(t, "noah").post("/suspense/releases/" + id + "/confirm").then().statusCode(409).body("code", equalTo("four-eyes"));
        api(t, "nadia").post("/suspense/releases/" + id + "/confirm").then().statusCode(200).body("state", equalTo("CONFIRMED"));
        api(t, "nadia").post("/suspense/releases/" + id + "/confirm").then().statusCode(409).body("code", equalTo("wrong-state"));
        // the other proposal covered money that has moved since: propose again
        api(t, "noah").post("/suspense/releases/" + first.getLong("id") + "/confirm").then().statusCode(409)
                .body("code", equalTo("changed"));

        assertThat(api(t, "nadia").get("/suspense").then().statusCode(200).extract().jsonPath().getList("$")).isEmpty();
        JsonPath bob = api(t, "bob").get("/members/bob/account").then().statusCode(200).extract().jsonPath();
        assertThat(bob.getList("entries.kind")).containsExactly("EARNED", "RELEASED", "RELEASED");
        conserved(t);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'release.%'", t)).isEqualTo(4);

        // the pages: the administrator's suspense with its release, the member's held list and claim form
        String admin = text(DevTokens.as("nadia").get("/t/" + t + "/admin/suspense").then().statusCode(200).extract().asString());
        assertThat(admin).contains("Release " + id).contains("Nothing is held in suspense");
        String release = text(DevTokens.as("nadia").get("/t/" + t + "/admin/suspense/releases/" + id).then().statusCode(200)
                .extract().asString());
        assertThat(release).contains("60,750.01").contains("members paid in the period");
        DevTokens.as("alice").get("/t/" + t + "/suspense").then().statusCode(200).body(containsString("Claim a ref"));
        DevTokens.as("dave").get("/t/" + t + "/suspense").then().statusCode(404);
    }

    @Test
    void theBoardShowsMoneyReachingTheHoldLimitAndPeriodsToDistribute() {
        String t = cmo();
        distribute(t, "2026-Q1", List.of(new Filings.Line("news", "alice", 1), new Filings.Line("news", "zed", 1)));
        api(t, "nadia").contentType(ContentType.JSON).body(Map.of("suspenseHoldMonths", 2)).patch("").then().statusCode(200);
        api(t, "nadia").contentType(ContentType.JSON).body(Map.of("label", "2026-Q2")).post("/periods").then().statusCode(201);
        api(t, "nadia").post("/periods/2026-Q2/close").then().statusCode(200);
        OwnerSql.execute("UPDATE period SET closed_at = now() - interval '8 months' WHERE tenant_id = ? AND label = '2026-Q2'", t);
        String board = text(DevTokens.as("nadia").get("/t/" + t + "/admin").then().statusCode(200).extract().asString());
        assertThat(board).contains("Deadlines").contains("held in suspense from 2026-Q1 reaches the hold limit of 2 months on "
                + org.cmoportal.web.Formats.date(LocalDate.now(ZoneOffset.UTC).plusMonths(2), java.util.Locale.ENGLISH)).contains("Period 2026-Q2 (CLOSED) ended on");
    }

    private static io.restassured.response.Response claim(String t, String who, String ref, String memberRef, String evidence) {
        return api(t, who).contentType(ContentType.JSON).body(Map.of("ref", ref, "memberRef", memberRef, "evidence", evidence))
                .post("/claims");
    }

    /** A page's text as a person reads it. */
    static String text(String html) {
        return org.jsoup.Jsoup.parse(html).text();
    }

    private static void conserved(String t) {
        api(t, "nadia").get("/conservation").then().statusCode(200).body("holds", equalTo(true)).body("difference", equalTo("0.00"));
    }

    static RequestSpecification api(String tenant, String user) {
        return as(user).basePath("/api/v1/tenants/" + tenant);
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(DevTokens.of(user));
    }
}
