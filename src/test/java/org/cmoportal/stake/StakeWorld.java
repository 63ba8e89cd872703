package org.cmoportal.stake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A CMO of its own with a distributed period, made through the API as people make it: administrators nadia and noah,
 * acme-ai (bruno) and rival-ai (rita) licensed, members a1 (alice), b1 (bob) and c1 (carol, never in any usage).
 */
final class StakeWorld {

    final String slug;
    final String model;
    final String rivalModel;

    private StakeWorld(String slug) {
        this.slug = slug;
        this.model = "stake-llm-" + slug;
        this.rivalModel = "rival-llm-" + slug;
    }

    /** Usage: news a1 3, b1 1 for acme's model; news b1 2 for rival's. */
    static StakeWorld create() {
        StakeWorld w = new StakeWorld(Unique.name("zz-stk"));
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", w.slug, "name", "Stakes Guild " + w.slug,
                "currency", "USD", "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + w.slug + "/admins").then().statusCode(201);
        }
        for (String[] m : new String[][] {{"a1", "alice"}, {"b1", "bob"}, {"c1", "carol"}}) {
            Map<String, String> body = new LinkedHashMap<>(Map.of("ref", m[0], "name", "Member " + m[0], "username", m[1]));
            w.api("nadia").body(body).post("/members").then().statusCode(201);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.ensure("rival-ai", "Rival AI", "rita");
        Organisations.license("nadia", w.slug, "acme-ai");
        Organisations.license("nadia", w.slug, "rival-ai");
        w.distribute("2026-Q1", Map.of(w.model, "news,a1,3\nnews,b1,1\n"), Map.of(w.rivalModel, "news,b1,2\n"));
        return w;
    }

    /** Opens, files, closes, accepts, calculates (nadia), approves (noah) and distributes (nadia) a period. */
    void distribute(String period, Map<String, String> acme, Map<String, String> rival) {
        api("nadia").body(Map.of("label", period)).post("/periods").then().statusCode(201);
        acme.forEach((model, usage) -> file("bruno", period, model, usage));
        rival.forEach((model, usage) -> file("rita", period, model, usage));
        String p = "/periods/" + period;
        api("nadia").post(p + "/close").then().statusCode(200);
        for (long id : ids(period)) {
            api("nadia").body(Map.of("justification", "checked")).post(p + "/filings/" + id + "/accept").then().statusCode(200);
        }
        api("nadia").post(p + "/calculate").then().statusCode(200);
        api("noah").post(p + "/approve").then().statusCode(200);
        api("nadia").post(p + "/distribute").then().statusCode(200);
    }

    private List<Long> ids(String period) {
        List<Long> ids = new java.util.ArrayList<>();
        try (var c = OwnerSql.connect(); var st = OwnerSql.prepare(c, """
                SELECT f.id FROM filing f JOIN period p ON p.id = f.period_id WHERE f.tenant_id = ? AND p.label = ?
                ORDER BY f.id""", slug, period); var rs = st.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private void file(String builder, String period, String model, String usage) {
        String filing = """
                {"model": "%s", "period": "%s", "currency": "USD", "revenue": "1250000.00",
                 "servingCost": "400000.00", "postTrainingCost": "100000.00", "dataValueShare": "0.30",
                 "mixtureWeights": {"news": "0.25", "other": "0.75"}}""".formatted(model, period);
        Response r = Filings.post(builder, slug, period, filing,
                ("category,member_ref,units\n" + usage).getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null);
        if (r.statusCode() != 201) {
            throw new IllegalStateException(builder + " could not file: " + r.statusCode() + " " + r.asString());
        }
    }

    RequestSpecification api(String user) {
        return DevTokens.as(user).basePath("/api/v1/tenants/" + slug).contentType(ContentType.JSON);
    }

    /** A member's cumulative payout from a model, straight from the published lines (the test's own sum). */
    long paid(String model, String ref) {
        return OwnerSql.number("""
                SELECT coalesce(sum(sl.amount), 0) FROM statement_line sl JOIN statement s ON s.id = sl.statement_id
                 WHERE sl.tenant_id = ? AND sl.model = ? AND s.member_ref = ?""", slug, model, ref);
    }

    long audits(String action) {
        return OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = ?", slug, action);
    }
}
