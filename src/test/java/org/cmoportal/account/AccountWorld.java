package org.cmoportal.account;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A CMO of its own for the account tests, made and run through the API as people do: the operator creates it
 * (USD, fee 10%), nadia and noah administer it, acme-ai (bruno) is licensed, and periods are distributed by the
 * workflow itself (nadia calculates, noah approves), so the ledger's entries are the ones distribution posts.
 * Members: alice and bob (with their usernames), carol (no username); usage under "zed" goes to suspense.
 */
final class AccountWorld {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    final String tenant;
    final String name;

    private AccountWorld(String tenant, String name) {
        this.tenant = tenant;
        this.name = name;
    }

    static AccountWorld create() {
        // After "newsguild" in code point order: nadia's home is her first tenant, which AccessMatrixTest expects to be newsguild.
        String slug = Unique.name("wf-acct");
        String name = "Ledger Guild " + slug;
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", List.of(
                        Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"),
                        Map.of("key", "code", "name", "Code", "rule", "EQUAL_SHARES"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        }
        AccountWorld world = new AccountWorld(slug, name);
        world.member("alice", "Alice Account", "alice");
        world.member("bob", "Bob Account", "bob");
        world.member("carol", "Carol Account", null);
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", slug, "acme-ai");
        return world;
    }

    void member(String ref, String name, String username) {
        Map<String, String> body = username == null ? Map.of("ref", ref, "name", name)
                : Map.of("ref", ref, "name", name, "username", username);
        api("nadia").contentType(ContentType.JSON).body(body).post("/members").then().statusCode(201);
    }

    /**
     * Opens {@code period}, files one filing per usage list (bruno, revenue in dollars), then closes, accepts,
     * calculates (nadia), approves (noah) and distributes (nadia). Answers the run's totals.
     */
    JsonPath distribute(String period, String revenue, List<List<Filings.Line>> usages) {
        api("nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
        List<Long> ids = new ArrayList<>();
        int n = 0;
        for (List<Filings.Line> usage : usages) {
            ids.add(Filings.submit("bruno", tenant, period, null, new Filings.Filing("acct-model-" + (++n), "USD", revenue,
                    "100000.00", "0", "0.30", Map.of("news", "0.5", "code", "0.3", "other", "0.2"), null, usage)));
        }
        api("nadia").post("/periods/" + period + "/close").then().statusCode(200);
        for (long id : ids) {
            api("nadia").contentType(ContentType.JSON).body(Map.of()).post("/periods/" + period + "/filings/" + id + "/accept")
                    .then().statusCode(200);
        }
        api("nadia").post("/periods/" + period + "/calculate").then().statusCode(200);
        api("noah").post("/periods/" + period + "/approve").then().statusCode(200);
        api("nadia").post("/periods/" + period + "/distribute").then().statusCode(200);
        return api("nadia").get("/periods/" + period + "/distribution").then().statusCode(200).extract().jsonPath();
    }

    /** An entry written behind the application's back, as the schema owner: what a payment run or a tamperer would post. */
    long post(String ref, String kind, long amount, String period, String cause, long causeId, String reason) {
        return OwnerSql.number("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
                SELECT ?, ?, k, ?, p, ?, ?, ?, CASE WHEN k IN ('EARNED', 'ADJUSTED') THEN coalesce(p, 0) ELSE 0 END
                  FROM (SELECT CAST(? AS text) AS k, (SELECT id FROM period WHERE tenant_id = ? AND label = ?) AS p) e
                RETURNING id""",
                tenant, ref, amount, cause, causeId, reason, kind, tenant, period);
    }

    long balanceInDb(String ref) {
        return OwnerSql.number("SELECT coalesce(sum(amount), 0) FROM account_entry WHERE tenant_id = ? AND member_ref = ?", tenant, ref);
    }

    RequestSpecification api(String user) {
        return as(user).basePath("/api/v1/tenants/" + tenant);
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(DevTokens.of(user));
    }

    static long minor(String amount) {
        return amount.startsWith("-") ? -Amounts.parse(amount.substring(1), USD) : Amounts.parse(amount, USD);
    }
}
