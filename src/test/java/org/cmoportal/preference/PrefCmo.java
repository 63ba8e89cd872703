package org.cmoportal.preference;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A CMO of its own for the preference tests, made through the API: news and code categories, nadia and noah
 * administer it, acme-ai (bruno) is licensed; members ada (signs in as erin), cleo (carol) and others without a
 * username.
 */
final class PrefCmo {

    final String slug;

    private PrefCmo(String slug) {
        this.slug = slug;
    }

    static PrefCmo create(List<String> otherRefs) {
        // after "newsguild" in code point order: nadia's home is her first tenant, which AccessMatrixTest expects
        PrefCmo cmo = new PrefCmo(Unique.name("wf-pref"));
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", cmo.slug, "name", "Preferences Guild " + cmo.slug,
                "currency", "USD", "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"), "categories", List.of(
                        Map.of("key", "news", "name", "News", "rule", "PRO_RATA_UNITS"),
                        Map.of("key", "code", "name", "Code", "rule", "EQUAL_SHARES"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + cmo.slug + "/admins").then().statusCode(201);
        }
        cmo.member("ada", "Ada Author", "erin");
        cmo.member("cleo", "Cleo Coder", "carol");
        for (String ref : otherRefs) {
            cmo.member(ref, "Member " + ref, null);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", cmo.slug, "acme-ai");
        return cmo;
    }

    void member(String ref, String name, String username) {
        Map<String, String> body = username == null ? Map.of("ref", ref, "name", name)
                : Map.of("ref", ref, "name", name, "username", username);
        api("nadia").body(body).post("/members").then().statusCode(201);
    }

    RequestSpecification api(String user) {
        return DevTokens.as(user).basePath("/api/v1/tenants/" + slug).contentType(ContentType.JSON);
    }

    /** {@code PUT .../members/{ref}/preferences} with one category. */
    Response prefer(String user, String ref, String category, boolean trainAi, boolean search) {
        return api(user).body(Map.of("categories", Map.of(category, Map.of("train-ai", trainAi, "search", search))))
                .put("/members/" + ref + "/preferences");
    }

    void open(String period) {
        api("nadia").body(Map.of("label", period)).post("/periods").then().statusCode(201);
    }

    /** Files usage as bruno for acme-ai: every line in {@code news} or {@code code}. */
    long file(String period, String model, List<Filings.Line> usage) {
        return Filings.submit("bruno", slug, period, null, new Filings.Filing(model, "USD", "1250000.00", "400000.00",
                "100000.00", "0.30", Map.of("news", "0.5", "code", "0.3", "other", "0.2"), null, usage));
    }
}
