package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;
import static org.cmoportal.testsupport.DevTokens.page;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every text a person can type reaches pages as text, never as markup: a script tag, an event handler
 * and an htmx attribute are planted in tenant, member and builder names, model names, rejection
 * reasons and CSV cells, and every page that shows them is searched for a live copy.
 */
@QuarkusTest
class OutputEscapingTest {

    /** Markup that would run (script, onerror) or make htmx act (hx-get with a load trigger) if not escaped. */
    static final String PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)><b hx-get=\"/logout\" hx-trigger=\"load\">hx</b>";

    static final List<String> LIVE = List.of("<script>alert(1)", "<img src=x onerror", "hx-get=\"/logout\"", "hx-trigger=\"load\"");

    /** How Qute shows the payload: escaped, so it reads as the text that was typed. */
    static final String SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;";

    @Test
    void namesOfTenantsMembersAndBuildersAreEscaped() {
        String slug = Unique.name("xss");
        as("olivia").contentType("application/json").body("""
                {"slug": "%s", "name": %s, "currency": "USD", "adminFeeRate": "0.10",
                 "shareBand": {"min": "0.20", "max": "0.50"}, "categories": [{"key": "news", "name": %s}]}"""
                .formatted(slug, json(PAYLOAD), json(PAYLOAD))).post("/api/v1/tenants").then().statusCode(201);
        as("olivia").contentType("application/json").body("{\"username\":\"nadia\"}")
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);

        String ref = Unique.name("xref");
        as("nadia").contentType("application/json").body("{\"ref\":\"" + ref + "\",\"name\":" + json(PAYLOAD + ref) + "}")
                .post("/api/v1/tenants/newsguild/members").then().statusCode(201);
        String imported = Unique.name("ximp");
        page("nadia").multiPart("file", "members.csv",
                        ("ref,name,username\n" + imported + ",\"" + PAYLOAD.replace("\"", "\"\"") + imported + "\",\n")
                                .getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/t/newsguild/admin/members/import").then().statusCode(303);
        String builder = Unique.name("xb");
        as("olivia").contentType("application/json")
                .body("{\"slug\":\"" + builder + "\",\"name\":" + json(PAYLOAD) + ",\"admin\":\"" + Unique.name("xadm") + "\"}")
                .post("/api/v1/builders").then().statusCode(201);
        Organisations.license("nadia", "newsguild", builder);

        List<String> seen = new ArrayList<>();
        seen.add(shows("olivia", "/operator?q=" + slug));
        seen.add(shows("nadia", "/t/" + slug + "/admin"));
        seen.add(shows("nadia", "/t/newsguild/admin/members?q=" + ref));
        seen.add(shows("nadia", "/t/newsguild/admin/members?q=" + imported));
        seen.add(shows("nadia", "/t/newsguild/admin/licences"));
        seen.add(shows("olivia", "/operator/builders?q=" + builder));
        seen.add(shows("olivia", "/builders/" + builder + "/users"));
        assertThat(seen).as("pages that show the planted text, escaped").allMatch(html -> html.contains(SHOWN));
    }

    @Test
    void modelNamesAndCsvCellsInARejectedUploadAreEscaped() {
        String filing = """
                {"model": %s, "period": "2026-Q3", "currency": "USD", "revenue": "10.00", "servingCost": "1.00",
                 "postTrainingCost": "1.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "1"}}""".formatted(json(PAYLOAD));
        String usage = "category,member_ref,units\n\"" + PAYLOAD.replace("\"", "\"\"") + "\",\"" + PAYLOAD.replace("\"", "\"\"")
                + "\",3\nnews,alice,\"" + PAYLOAD.replace("\"", "\"\"") + "\"\n";
        Response r = page("bruno")
                .multiPart("filing", "filing.json", filing.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", "usage.csv", usage.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/t/newsguild/periods/2026-Q3/filings/upload");
        assertThat(r.statusCode()).isEqualTo(422);
        assertNothingLive("bruno's rejected upload", r.asString());

        Response api = Filings.post("bruno", "newsguild", "2026-Q3", filing, usage.getBytes(StandardCharsets.UTF_8), null, null);
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(api.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aRejectionReasonIsEscapedOnTheBuildersFilingPage() {
        String label = Unique.name("xrej");
        as("nadia").contentType("application/json").body("{\"label\":\"" + label + "\"}")
                .post("/api/v1/tenants/newsguild/periods").then().statusCode(201);
        String filing = """
                {"model": "xss-model", "period": "%s", "currency": "USD", "revenue": "10.00", "servingCost": "1.00",
                 "postTrainingCost": "1.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "1"}}""".formatted(label);
        long id = Filings.post("bruno", "newsguild", label, filing,
                "category,member_ref,units\nnews,alice,3\n".getBytes(StandardCharsets.UTF_8), null, null)
                .then().statusCode(201).extract().jsonPath().getLong("id");
        String period = "/api/v1/tenants/newsguild/periods/" + label;
        as("nadia").post(period + "/close").then().statusCode(200);
        as("nadia").contentType("application/json").body("{\"reason\":" + json(PAYLOAD) + "}")
                .post(period + "/filings/" + id + "/reject").then().statusCode(200);

        shows("bruno", "/t/newsguild/periods/" + label + "/filings/" + id);
        assertThat(shows("bruno", "/builder")).as("the builder reads the reason on the home page").contains(SHOWN);
        assertThat(shows("nadia", "/t/newsguild/admin/periods/" + label)).contains(SHOWN);
        assertThat(shows("nadia", "/t/newsguild/admin/audit")).contains(SHOWN);
    }

    /** GETs a page as {@code who} and checks it has no live copy of the payload; returns the page. */
    static String shows(String who, String path) {
        Response r = as(who).get(path);
        assertThat(r.statusCode()).as(who + " GET " + path).isEqualTo(200);
        assertNothingLive(who + " GET " + path, r.asString());
        return r.asString();
    }

    static void assertNothingLive(String what, String html) {
        for (String live : LIVE) {
            assertThat(html).as(what).doesNotContain(live);
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
