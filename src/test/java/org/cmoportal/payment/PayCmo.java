package org.cmoportal.payment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A CMO of its own for a payment test, set up through the API (operator olivia; administrators nadia, noah and
 * colin), with members and the users holding some of them. Balances are EARNED entries written as the schema owner,
 * as a distribution would post them: what the payment runs act on, without filing a period for each test.
 */
final class PayCmo {

    private static final AtomicLong CAUSE = new AtomicLong(System.currentTimeMillis());

    final String slug;

    private PayCmo(String slug) {
        this.slug = slug;
    }

    /** A tenant in {@code currency} with the members {@code ref -> username} (null: nobody signs in for it). */
    static PayCmo create(String currency, Map<String, String> members) {
        PayCmo cmo = new PayCmo(Unique.name("pay"));
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", cmo.slug, "name", "Payments Guild " + cmo.slug,
                "currency", currency, "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah", "colin")) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + cmo.slug + "/admins").then().statusCode(201);
        }
        members.forEach((ref, username) -> {
            Map<String, String> body = new LinkedHashMap<>(Map.of("ref", ref, "name", "Member " + ref));
            if (username != null) {
                body.put("username", username);
            }
            cmo.api("nadia").contentType(ContentType.JSON).body(body).post("/members").then().statusCode(201);
        });
        return cmo;
    }

    /** A request as {@code user} under the tenant's API path. */
    RequestSpecification api(String user) {
        return DevTokens.as(user).basePath("/api/v1/tenants/" + slug).contentType(ContentType.JSON);
    }

    /** An entry as a distribution or an adjustment posts it, written as the schema owner. */
    void entry(String ref, String kind, long amount) {
        OwnerSql.execute("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason)
                VALUES (?, ?, ?, ?, 'test', ?, 'posted by the test')""", slug, ref, kind, amount, CAUSE.incrementAndGet());
    }

    void earn(String ref, long amount) {
        entry(ref, "EARNED", amount);
    }

    long balance(String ref) {
        return OwnerSql.number("SELECT coalesce(sum(amount), 0) FROM account_entry WHERE tenant_id = ? AND member_ref = ?", slug, ref);
    }

    long count(String sql) {
        return OwnerSql.number(sql, slug);
    }

    Response putAccount(String user, String ref, String holder, String iban, String bic) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("accountHolder", holder);
        body.put("iban", iban);
        if (bic != null) {
            body.put("bic", bic);
        }
        return api(user).body(body).put("/members/" + ref + "/payee");
    }

    void debtor(String iban, String bic) {
        Map<String, String> body = new LinkedHashMap<>(Map.of("accountHolder", "Payments Guild", "iban", iban));
        if (bic != null) {
            body.put("bic", bic);
        }
        api("nadia").body(body).put("/payment-account").then().statusCode(200);
    }

    Response propose(String user) {
        return api(user).post("/payment-runs");
    }

    Response approve(String user, long run) {
        return api(user).post("/payment-runs/" + run + "/approve");
    }
}
