package org.cmoportal.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Who may open what: every demo role against every home page and every API call implemented so far.
 *
 * <p>A cell is the expected answer: a status, {@code 303:/path} for a redirect to that path, or
 * {@code login} for the redirect to the identity provider that a page gives an anonymous visitor.
 * A wrong role answers 403; the right role in another tenant answers 404, as a missing tenant does.
 */
@QuarkusTest
class AccessMatrixTest {

    static final List<String> WHO = List.of("olivia", "nadia", "cora", "bruno", "alice", "eva", "anonymous");

    static final String PAGES = """
            call                    | olivia        | nadia                  | cora                   | bruno        | alice       | eva          | anonymous
            GET /operator           | 200           | 403                    | 403                    | 403          | 403         | 403          | login
            GET /t/newsguild/admin  | 403           | 200                    | 404                    | 403          | 403         | 403          | login
            GET /t/codebooks/admin  | 403           | 404                    | 200                    | 403          | 403         | 403          | login
            GET /t/no-such-cmo/admin| 403           | 404                    | 404                    | 403          | 403         | 403          | login
            GET /builder            | 403           | 403                    | 403                    | 200          | 403         | 403          | login
            GET /member             | 403           | 403                    | 403                    | 403          | 200         | 403          | login
            GET /evaluator          | 403           | 403                    | 403                    | 403          | 403         | 200          | login
            GET /auditor            | 303:/evaluator | 303:/evaluator         | 303:/evaluator         | 303:/evaluator | 303:/evaluator | 303:/evaluator | login
            GET /operator/builders  | 200           | 403                    | 403                    | 403          | 403         | 403          | login
            GET /builders/acme-ai/users | 200       | 403                    | 403                    | 200          | 403         | 403          | login
            GET /t/newsguild/admin/payment-runs | 403 | 200             | 404                    | 403          | 403         | 403          | login
            GET /t/newsguild/members/alice/payee | 403 | 403            | 403                    | 403          | 200         | 403          | login
            GET /t/newsguild/admin/settings | 403   | 200                    | 404                    | 403          | 403         | 403          | login
            GET /t/newsguild/admin/members         | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/codebooks/admin/members         | 403 | 404 | 200 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/licences        | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/codebooks/admin/licences        | 403 | 404 | 200 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/periods         | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/codebooks/admin/periods         | 403 | 404 | 200 | 403 | 403 | 403 | login
            GET /t/no-such-cmo/admin/periods       | 403 | 404 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/builder/filings       | 403 | 403 | 403 | 200 | 403 | 403 | login
            GET /home               | 303:/operator | 303:/t/newsguild/admin | 303:/t/codebooks/admin | 303:/builder | 303:/member | 303:/evaluator | login
            GET /valuation/scaling-law | 403       | 200                    | 200                    | 200          | 403         | 200          | login
            GET /member/account     | 403           | 403                    | 403                    | 403          | 200         | 403          | login
            GET /t/newsguild/accounts/alice        | 403 | 403 | 403 | 403 | 200 | 403 | login
            GET /t/newsguild/accounts/bob          | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /t/newsguild/admin/accounts/alice  | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/balances        | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/balances/csv    | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/conservation    | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/dues            | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/disputes        | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/disputes              | 403 | 403 | 403 | 403 | 200 | 403 | login
            GET /t/codebooks/disputes              | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /t/newsguild/members/alice/preferences | 403 | 403 | 403 | 403 | 200 | 403 | login
            GET /t/newsguild/members/bob/preferences   | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /t/newsguild/opt-outs              | 403 | 200 | 404 | 200 | 403 | 403 | login
            GET /t/codebooks/opt-outs              | 403 | 404 | 200 | 200 | 403 | 403 | login
            GET /t/newsguild/opt-outs/aipref.txt   | 403 | 200 | 404 | 200 | 403 | 403 | login
            GET /t/newsguild/suspense              | 403 | 403 | 403 | 403 | 200 | 403 | login
            GET /t/codebooks/suspense              | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /t/newsguild/admin/suspense        | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/restatements    | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/statements/periods | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/newsguild/admin/stakes          | 403 | 200 | 404 | 403 | 403 | 403 | login
            GET /t/codebooks/admin/stakes          | 403 | 404 | 200 | 403 | 403 | 403 | login
            GET /t/newsguild/stakes/alice          | 403 | 403 | 403 | 403 | 200 | 403 | login
            GET /t/newsguild/stakes/bob            | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /t/newsguild/builder/stakes        | 403 | 403 | 403 | 200 | 403 | 403 | login
            GET /t/newsguild/ballots/999999999     | 403 | 404 | 404 | 404 | 404 | 403 | login
            GET /t/newsguild/statements/999999999/how | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /t/codebooks/statements/999999999/how | 403 | 403 | 403 | 403 | 404 | 403 | login
            GET /help/statements                   | 200 | 200 | 200 | 200 | 200 | 200 | login
            GET /help/operating-profit             | 200 | 200 | 200 | 200 | 200 | 200 | login
            GET /help/four-eyes                    | 200 | 200 | 200 | 200 | 200 | 200 | login
            """;

    static final String API = """
            call                                             | olivia | nadia | cora | bruno | alice | eva | anonymous
            POST /api/v1/tenants                             | 201    | 403   | 403  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants                             | 200    | 403   | 403  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild                   | 200    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/codebooks                   | 200    | 404   | 200  | 403   | 403   | 403 | 401
            POST /api/v1/tenants/newsguild/admins            | 201    | 403   | 403  | 403   | 403   | 403 | 401
            POST /api/v1/tenants/newsguild/members           | 403    | 201   | 404  | 403   | 403   | 403 | 401
            POST /api/v1/tenants/newsguild/members csv       | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/members           | 403    | 200   | 404  | 403   | 403   | 403 | 401
            POST /api/v1/builders                            | 201    | 403   | 403  | 403   | 403   | 403 | 401
            GET  /api/v1/builders                            | 200    | 403   | 403  | 403   | 403   | 403 | 401
            GET  /api/v1/builders/acme-ai/users              | 200    | 403   | 403  | 200   | 403   | 403 | 401
            POST /api/v1/builders/acme-ai/users              | 201    | 403   | 403  | 201   | 403   | 403 | 401
            POST /api/v1/tenants/newsguild/licences          | 403    | 201   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/licences          | 403    | 200   | 404  | 403   | 403   | 403 | 401
            POST /api/v1/tenants/newsguild/periods           | 403    | 201   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/periods           | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/periods/2026-Q3   | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/codebooks/periods/2026-Q3   | 403    | 404   | 200  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/no-such-cmo/periods         | 403    | 404   | 404  | 403   | 403   | 403 | 401
            POST /api/v1/valuation/scaling-law               | 403    | 200   | 200  | 200   | 403   | 200 | 401
            GET  /api/v1/tenants/newsguild/conservation      | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/alice/account | 403 | 200  | 404  | 403   | 200   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/bob/account | 403  | 200   | 404  | 403   | 404   | 403 | 401
            GET  /api/v1/tenants/newsguild/builder-receipts  | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/payment-runs      | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/codebooks/payment-runs      | 403    | 404   | 200  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/alice/payee | 403  | 200   | 404  | 403   | 200   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/bob/payee | 403    | 200   | 404  | 403   | 404   | 403 | 401
            GET  /api/v1/tenants/newsguild/disputes          | 403    | 200   | 404  | 403   | 200   | 403 | 401
            GET  /api/v1/tenants/codebooks/disputes          | 403    | 404   | 200  | 403   | 404   | 403 | 401
            POST /api/v1/tenants/newsguild/disputes          | 403    | 403   | 403  | 403   | 422   | 403 | 401
            POST /api/v1/tenants/newsguild/disputes/999999999/resolve | 403 | 404   | 404  | 403   | 403   | 403 | 401
            POST /api/v1/tenants/newsguild/disputes/999999999/approve | 403 | 404   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/alice/preferences | 403 | 200 | 404 | 403 | 200 | 403 | 401
            GET  /api/v1/tenants/newsguild/members/bob/preferences | 403 | 200 | 404 | 403 | 404 | 403 | 401
            GET  /api/v1/tenants/newsguild/preferences/opt-outs | 403 | 200 | 404 | 200 | 403 | 403 | 401
            GET  /api/v1/tenants/codebooks/preferences/opt-outs | 403 | 404 | 200 | 200 | 403 | 403 | 401
            GET  /api/v1/tenants/newsguild/preferences/opt-outs.txt | 403 | 200 | 404 | 200 | 403 | 403 | 401
            GET  /api/v1/tenants/newsguild/suspense          | 403    | 200   | 404  | 403   | 200   | 403 | 401
            GET  /api/v1/tenants/codebooks/suspense          | 403    | 404   | 200  | 403   | 404   | 403 | 401
            GET  /api/v1/tenants/newsguild/claims            | 403    | 200   | 404  | 403   | 200   | 403 | 401
            GET  /api/v1/tenants/newsguild/suspense/releases | 403    | 200   | 404  | 403   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/restatements      | 403    | 200   | 404  | 200   | 403   | 403 | 401
            GET  /api/v1/tenants/codebooks/restatements      | 403    | 404   | 200  | 200   | 403   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/alice/stakes | 403 | 200  | 404  | 403   | 200   | 403 | 401
            GET  /api/v1/tenants/newsguild/members/bob/stakes | 403   | 200   | 404  | 403   | 404   | 403 | 401
            GET  /api/v1/tenants/newsguild/ballots/999999999 | 403    | 404   | 404  | 404   | 404   | 403 | 401
            POST /api/v1/tenants/newsguild/models/no-such-model/ballots | 403 | 404 | 404 | 403 | 403 | 403 | 401
            POST /api/v1/tenants/newsguild/models/no-such-model/stake-grants | 403 | 403 | 403 | 404 | 403 | 403 | 401
            """;

    static Stream<Arguments> pages() {
        return cells(PAGES);
    }

    static Stream<Arguments> api() {
        return cells(API);
    }

    @ParameterizedTest(name = "{1}: {0} -> {2}")
    @MethodSource("pages")
    void page(String call, String who, String expected) {
        Response r = send(call, who);
        assertAnswer(r, call, who, expected);
    }

    @ParameterizedTest(name = "{1}: {0} -> {2}")
    @MethodSource("api")
    void api(String call, String who, String expected) {
        Response r = send(call, who);
        assertAnswer(r, call, who, expected);
        if (expected.equals("403") || expected.equals("404")) {
            // refusals of the API are problem documents a program can act on, not pages
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.<String>path("code")).isEqualTo(expected.equals("403") ? "forbidden" : "not-found");
        }
        if (expected.equals("401")) {
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @ParameterizedTest(name = "{0} on {1} sees {2}, not {3}")
    @CsvSource(delimiter = '|', textBlock = """
            nadia  | /t/newsguild/admin | Press & News Guild      | Code & Books Collective
            cora   | /t/codebooks/admin | Code & Books Collective | Press & News Guild
            alice  | /member            | Press & News Guild      | Code & Books Collective
            dave   | /member            | Code & Books Collective | Press & News Guild
            bruno  | /builder           | Acme AI                 | Example Evals
            eva    | /evaluator         | Example Evals           | Rival Evals
            """)
    void homeShowsOnlyOwnAffiliations(String who, String page, String shows, String hidden) {
        // another evaluator organisation, which eva does not belong to (the builders of the filings addressed to her she
        // does see, and other tests file them, so a builder's name would prove nothing)
        int made = DevTokens.as("olivia").contentType(ContentType.JSON)
                .body(Map.of("slug", "rival-evals", "name", "Rival Evals")).post("/api/v1/evaluators").statusCode();
        assertThat(made).as("Rival Evals made, or there from an earlier case").isIn(201, 409);
        String text = Html.text(given().auth().oauth2(DevTokens.of(who)).get(page).then().statusCode(200)
                .extract().asString());
        assertThat(text).contains(shows).doesNotContain(hidden);
    }

    @Test
    void memberHomeFindsEachCmoOfTheMember() {
        // in a database of many CMOs the home shows them ten at a time: each is found by its slug
        for (String[] cmo : new String[][] {{"newsguild", "Press & News Guild"}, {"codebooks", "Code & Books Collective"}}) {
            String text = Html.text(given().auth().oauth2(DevTokens.of("carol")).queryParam("cmosQ", cmo[0]).get("/member")
                    .then().statusCode(200).extract().asString());
            assertThat(text).contains(cmo[1], "Carol Nguyen");
        }
    }

    @Test
    void operatorHomeFindsEveryTenant() {
        // a page at a time, searched by slug or name: the tests' own tenants may fill the first page
        for (String[] tenant : new String[][] {{"newsguild", "Press & News Guild"}, {"codebooks", "Code & Books Collective"}}) {
            String text = Html.text(given().auth().oauth2(DevTokens.of("olivia")).queryParam("q", tenant[0]).get("/operator")
                    .then().statusCode(200).extract().asString());
            assertThat(text).contains(tenant[1]);
        }
    }

    private static Response send(String call, String who) {
        String[] parts = call.trim().split("\\s+");
        String method = parts[0];
        String path = parts[1];
        boolean csv = parts.length > 2 && parts[2].equals("csv");
        RequestSpecification request = given().redirects().follow(false);
        if (!who.equals("anonymous")) {
            request.auth().oauth2(DevTokens.of(who));
        }
        if (method.equals("POST")) {
            request.contentType(csv ? "text/csv" : ContentType.JSON.toString()).body(body(path, csv));
        }
        return request.request(method, path);
    }

    /** A valid body for each POST, with fresh names, so a missing check would show up as a success. */
    private static String body(String path, boolean csv) {
        if (csv) {
            return "ref,name,username\n" + Unique.name("csv") + ",Imported Member,\n";
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return switch (last) {
            case "tenants" -> """
                    {"slug": "%s", "name": "Matrix CMO", "currency": "USD", "adminFeeRate": "0.10",
                     "shareBand": {"min": "0.20", "max": "0.50"}, "categories": [{"key": "news", "name": "News"}]}"""
                    .formatted(Unique.name("m"));
            case "admins" -> "{\"username\": \"%s\"}".formatted(Unique.name("admin"));
            case "members" -> "{\"ref\": \"%s\", \"name\": \"Matrix Member\"}".formatted(Unique.name("ref"));
            case "builders" -> "{\"slug\": \"%s\", \"name\": \"Matrix Builder\", \"admin\": \"%s\"}"
                    .formatted(Unique.name("b"), Unique.name("badm"));
            case "users" -> "{\"username\": \"%s\"}".formatted(Unique.name("buser"));
            case "licences" -> {
                // an organisation no CMO licenses yet, administered by someone who never signs in
                String slug = Unique.name("b");
                Organisations.ensure(slug, "Matrix Builder", Unique.name("badm"));
                yield "{\"builder\": \"%s\"}".formatted(slug);
            }
            case "periods" -> "{\"label\": \"%s\"}".formatted(Unique.name("p"));
            // no line named: refused (422) before anything is looked up
            case "disputes" -> "{\"message\": \"\"}";
            case "resolve" -> "{\"reason\": \"matrix\"}";
            case "approve" -> "{}";
            case "ballots" -> "{\"question\": \"Matrix?\", \"closesAt\": \"2099-01-01T00:00:00Z\", \"quorum\": \"0.2\","
                    + " \"threshold\": \"0.5\"}";
            case "stake-grants" -> "{\"share\": \"0.05\", \"reference\": \"matrix\", \"sha256\": \"%s\"}".formatted("ab".repeat(32));
            case "scaling-law" -> "{\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 7e10, \"D\": 1.4e12},"
                    + " \"baseline\": {\"N0\": 7e9, \"D0\": 1.4e11}}";
            default -> throw new IllegalArgumentException("no body for " + path);
        };
    }

    private static void assertAnswer(Response r, String call, String who, String expected) {
        String what = who + ": " + call.trim();
        if (expected.equals("login")) {
            assertThat(r.statusCode()).as(what).isEqualTo(302);
            assertThat(r.header("Location")).as(what).startsWith(DevTokens.provider() + "/authorize?");
        } else if (expected.startsWith("303:")) {
            assertThat(r.statusCode()).as(what).isEqualTo(303);
            assertThat(URI.create(r.header("Location")).getPath()).as(what).isEqualTo(expected.substring(4));
        } else {
            assertThat(r.statusCode()).as(what + "\n" + r.asString()).isEqualTo(Integer.parseInt(expected));
        }
    }

    /** One argument triple (call, who, expected) per cell of a matrix. */
    private static Stream<Arguments> cells(String matrix) {
        List<Arguments> cells = new ArrayList<>();
        List<String> rows = matrix.lines().filter(l -> !l.isBlank()).toList();
        List<String> header = split(rows.get(0));
        assertThat(header.subList(1, header.size())).isEqualTo(WHO);
        for (String row : rows.subList(1, rows.size())) {
            List<String> cols = split(row);
            assertThat(cols).as(row).hasSize(WHO.size() + 1);
            for (int i = 0; i < WHO.size(); i++) {
                cells.add(Arguments.of(cols.get(0), WHO.get(i), cols.get(i + 1)));
            }
        }
        return cells.stream();
    }

    private static List<String> split(String row) {
        return List.of(row.split("\\|")).stream().map(String::trim).toList();
    }
}
