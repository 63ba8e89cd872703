package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.cmoportal.security.RouteCatalog.Route;
import org.cmoportal.security.SweepWorld.Caller;
import org.cmoportal.testsupport.DevTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * No stack trace, class name or SQL reaches a person or a program, whatever they send; refusals say
 * what to do next. Every JSON API route gets malformed, mistyped and oversized bodies as its rightful caller.
 */
@QuarkusTest
class ErrorPagesTest {

    static final List<String> INTERNALS = List.of("Exception", "\tat ", "at org.", "at java.", "org.cmoportal", "org.hibernate",
            "com.fasterxml", "io.quarkus", "jakarta.", "SELECT ", "INSERT ", "ERROR: ", "SQLState", "constraint");

    static final List<String> HOSTILE = List.of("{", "[]", "null", "{\"label\": {\"a\": 1}, \"ref\": [1], \"name\": 7}",
            "{\"label\": \"" + "x".repeat(5000) + "\", \"ref\": \"" + "y".repeat(5000) + "\", \"name\": \"\\u0000\"}",
            "{\"revenue\": 1e400, \"adminFeeRate\": \"NaN\", \"runId\": \"x\", \"slug\": \"../../etc\"}", "\u00ff\u00fe garbage");

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Test
    void hostileBodiesToEveryApiRouteAnswerWithAProblemNotInternals() {
        List<Route> routes = RouteCatalog.discover();
        SweepWorld world = new SweepWorld(owner).build();
        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (Route route : routes) {
            if (!route.isApi() || !route.changesState()) {
                continue;
            }
            Caller caller = world.rightfulCaller(route);
            String path = route.expand(IsolationSweep.ownValues(world, route, caller));
            for (String body : HOSTILE) {
                Response r = given().auth().oauth2(DevTokens.of(caller.username())).contentType("application/json")
                        .body(body).request(route.httpMethod(), path);
                sent++;
                String what = caller.username() + " " + route.httpMethod() + " " + path + " with " + abbreviate(body);
                if (r.statusCode() >= 500) {
                    problems.add(what + ": " + r.statusCode());
                }
                problems.addAll(internals(what, r.asString()));
            }
        }
        System.out.printf("Error handling: %d hostile requests to %s%n", sent, "every JSON API route");
        assertThat(problems).isEmpty();
    }

    @Test
    void anUnknownPageSaysWhatToDoAndListsNothing() {
        Response r = given().auth().oauth2(DevTokens.of("nadia")).accept("text/html").get("/no-such-page/at-all");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.asString()).doesNotContain("/api/v1/tenants/{tenant}").doesNotContain("REST resources");
        assertThat(internals("GET /no-such-page", r.asString())).isEmpty();
    }

    @Test
    void anUnknownIdInAPageSaysWhatToDo() {
        Response r = given().auth().oauth2(DevTokens.of("nadia")).get("/t/newsguild/admin/statements/999999999");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.asString()).contains("home page");
        assertThat(internals("statement 999999999", r.asString())).isEmpty();
    }

    @Test
    void aPathParameterOfTheWrongTypeIsNotFoundNotAnError() {
        Response r = given().auth().oauth2(DevTokens.of("nadia")).get("/api/v1/tenants/newsguild/periods/2026-Q3/filings/not-a-number");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(internals("filing not-a-number", r.asString())).isEmpty();
    }

    @Test
    void anUnexpectedFailureShowsAnErrorNumberAndWhatToDoNotTheCause() {
        Response page = given().auth().oauth2(DevTokens.of("nadia")).get("/test-only/failure?fail=yes");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.asString()).contains("error ", "tell the").doesNotContain(FailureProbe.SECRET);
        assertThat(internals("the failing page", page.asString())).isEmpty();

        Response api = given().auth().oauth2(DevTokens.of("nadia")).get("/api/test-only/failure?fail=yes");
        assertThat(api.statusCode()).isEqualTo(500);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.<String>path("code")).isEqualTo("internal-error");
        assertThat(internals("the failing API call", api.asString())).isEmpty();
    }

    @Test
    void aTransactionThatRunsOutOfTimeAnswers503AndSaysWhatToDo() {
        Response api = given().auth().oauth2(DevTokens.of("nadia")).get("/api/test-only/failure?fail=timeout");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.<String>path("code")).isEqualTo("timeout");
        assertThat(api.<String>path("detail")).contains("nothing was saved", "smaller");
        assertThat(internals("the API call out of time", api.asString())).isEmpty();

        Response page = given().auth().oauth2(DevTokens.of("nadia")).get("/test-only/failure?fail=timeout");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.asString()).contains("nothing was saved");
        assertThat(internals("the page out of time", page.asString())).isEmpty();
    }

    static List<String> internals(String what, String body) {
        List<String> found = new ArrayList<>();
        for (String sign : INTERNALS) {
            if (body.contains(sign)) {
                found.add(what + ": shows '" + sign.strip() + "' in " + abbreviate(body));
            }
        }
        return found;
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
