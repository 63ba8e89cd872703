package org.cmoportal.dispute;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * A CMO of its own for the dispute tests, made and run through the API: the operator creates it (USD, fee 10%), nadia
 * and noah administer it, acme-ai (bruno) is licensed, and a period is distributed by the workflow itself. Members
 * alice and bob (with their usernames); usage under "zed" goes to suspense.
 */
final class DisputeWorld {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    final String tenant;

    private DisputeWorld(String tenant) {
        this.tenant = tenant;
    }

    static DisputeWorld create() {
        // after "newsguild" in code point order: nadia's home is her first tenant (AccessMatrixTest)
        String slug = Unique.name("wf-disp");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Dispute Guild " + slug, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", List.of(
                        Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"),
                        Map.of("key", "code", "name", "Code", "rule", "EQUAL_SHARES"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        }
        DisputeWorld world = new DisputeWorld(slug);
        for (String[] m : new String[][] {{"alice", "Alice Disputes"}, {"bob", "Bob Disputes"}}) {
            world.api("nadia").contentType(ContentType.JSON).body(Map.of("ref", m[0], "name", m[1], "username", m[0]))
                    .post("/members").then().statusCode(201);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", slug, "acme-ai");
        return world;
    }

    static List<Filings.Line> usage() {
        return List.of(new Filings.Line("news", "alice", 3), new Filings.Line("news", "bob", 1), new Filings.Line("news", "zed", 3),
                new Filings.Line("code", "alice", 1), new Filings.Line("code", "bob", 1));
    }

    /** Opens {@code period}, files one filing, closes, accepts, calculates (nadia), approves (noah), distributes. */
    void distribute(String period) {
        openPeriod(period);
        List<Long> ids = new ArrayList<>();
        ids.add(Filings.submit("bruno", tenant, period, null, new Filings.Filing("disp-model", "USD", "1250000.00",
                "100000.00", "0", "0.30", Map.of("news", "0.5", "code", "0.3", "other", "0.2"), null, usage())));
        api("nadia").post("/periods/" + period + "/close").then().statusCode(200);
        for (long id : ids) {
            api("nadia").contentType(ContentType.JSON).body(Map.of()).post("/periods/" + period + "/filings/" + id + "/accept")
                    .then().statusCode(200);
        }
        api("nadia").post("/periods/" + period + "/calculate").then().statusCode(200);
        api("noah").post("/periods/" + period + "/approve").then().statusCode(200);
        api("nadia").post("/periods/" + period + "/distribute").then().statusCode(200);
    }

    void openPeriod(String period) {
        api("nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
    }

    /** The member's statement of a period as the API shows it (the lines with their ids). */
    JsonPath statement(String member, String period) {
        return api(member).get("/periods/" + period + "/statements/" + member).then().statusCode(200).extract().jsonPath();
    }

    /** The id and amount (minor units) of the member's line of a category in a period's statement. */
    long[] line(String member, String period, String category) {
        JsonPath s = statement(member, period);
        List<Map<String, Object>> lines = s.getList("lines");
        Map<String, Object> l = lines.stream().filter(x -> category.equals(x.get("category"))).findFirst().orElseThrow();
        return new long[] {((Number) l.get("id")).longValue(), minor((String) l.get("amount"))};
    }

    /**
     * Moves the period's distribution {@code days} into the past, as the schema owner: a distributed period is final
     * for everyone else (V11's trigger), so the triggers are off for this one transaction.
     */
    void distributedDaysAgo(String period, int days) {
        try (Connection c = OwnerSql.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement off = c.prepareStatement("SET LOCAL session_replication_role = replica");
                 PreparedStatement move = c.prepareStatement("""
                         UPDATE period SET distributed_at = now() - make_interval(days => ?) WHERE tenant_id = ? AND label = ?""")) {
                off.execute();
                move.setInt(1, days);
                move.setString(2, tenant);
                move.setString(3, period);
                if (move.executeUpdate() != 1) {
                    throw new IllegalStateException("no period " + period);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
