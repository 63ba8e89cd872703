package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.cmoportal.security.RouteCatalog.Route;
import org.cmoportal.security.SweepWorld.Caller;
import org.cmoportal.testsupport.Browser;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Cross-site request forgery and safe methods, over every route of the catalog: no GET changes a row,
 * every page form and htmx request carries the CSRF token, and every state-changing page route
 * refuses a request without it, whatever its content type.
 */
@QuarkusTest
class CsrfAndSafeMethodsTest {

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    List<Route> routes;
    SweepWorld world;

    @BeforeEach
    void world() {
        routes = RouteCatalog.discover();
        world = new SweepWorld(owner).build();
    }

    @Test
    void noGetChangesAnythingAndEveryPageFormCarriesTheToken() {
        List<String> problems = new ArrayList<>();
        Map<String, String> before = DatabaseFingerprint.of(owner);
        int pages = 0;
        for (Route route : routes) {
            if (!route.httpMethod().equals("GET")) {
                continue;
            }
            Caller caller = world.rightfulCaller(route);
            String path = route.expand(IsolationSweep.ownValues(world, route, caller));
            Response r = given().auth().oauth2(DevTokens.of(caller.username())).redirects().follow(false)
                    .urlEncodingEnabled(false).get(path);
            String what = caller.username() + " GET " + path;
            if (r.statusCode() >= 500) {
                problems.add(what + " answered " + r.statusCode());
            }
            problems.addAll(SecurityHeaderRules.missing(what, r));
            String type = String.valueOf(r.contentType());
            if (type.startsWith("text/html") && r.statusCode() == 200) {
                pages++;
                problems.addAll(formsWithoutToken(what, r.asString()));
            }
        }
        assertThat(DatabaseFingerprint.of(owner)).as("the database after every GET").isEqualTo(before);
        assertThat(pages).as("pages rendered").isGreaterThan(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyStateChangingPageRouteRefusesARequestWithoutTheToken() {
        List<String> problems = new ArrayList<>();
        Map<String, String> before = DatabaseFingerprint.of(owner);
        int tried = 0;
        for (Route route : routes) {
            if (!route.changesState() || route.isApi()) {
                continue;
            }
            Caller caller = world.rightfulCaller(route);
            String path = route.expand(IsolationSweep.ownValues(world, route, caller));
            for (String form : List.of("urlencoded", "multipart", "json", "forged-cookie-only")) {
                RequestSpecification request = given().auth().oauth2(DevTokens.of(caller.username())).redirects().follow(false)
                        .urlEncodingEnabled(false);
                switch (form) {
                    case "urlencoded" -> request.contentType("application/x-www-form-urlencoded").formParam("label", Unique.name("x"));
                    case "multipart" -> request.multiPart("label", Unique.name("x"));
                    case "json" -> request.contentType("application/json").body("{}");
                    default -> request.cookie("csrf-token", DevTokens.CSRF)
                            .contentType("application/x-www-form-urlencoded").formParam("label", Unique.name("x"));
                }
                Response r = request.request(route.httpMethod(), path);
                tried++;
                // 400: the CSRF check; 415: a body type the route does not take at all. Either way nothing ran.
                if (r.statusCode() != 400 && r.statusCode() != 415) {
                    problems.add(caller.username() + " " + route.httpMethod() + " " + path + " (" + form + ", no token) answered "
                            + r.statusCode());
                }
            }
        }
        assertThat(tried).isPositive();
        assertThat(problems).isEmpty();
        assertThat(DatabaseFingerprint.of(owner)).as("the database after the refused posts").isEqualTo(before);
    }

    @Test
    void aSignedInBrowserCannotCallTheApiWithoutTheToken() {
        Browser nadia = Browser.signedInAs("nadia");
        String label = Unique.name("csrf");
        Response forged = nadia.request().contentType("application/json").body("{\"label\":\"" + label + "\"}")
                .post("/api/v1/tenants/newsguild/periods");
        assertThat(forged.statusCode()).as("a JSON post riding on the session cookie").isEqualTo(400);
        Response textPlain = nadia.request().contentType("text/plain").body("{\"label\":\"" + label + "\"}")
                .post("/api/v1/tenants/newsguild/periods");
        assertThat(textPlain.statusCode()).as("the content type a cross-site form can send").isIn(400, 415);
        given().auth().oauth2(DevTokens.of("nadia")).get("/api/v1/tenants/newsguild/periods/" + label).then().statusCode(404);
    }

    @Test
    void htmxRequestsCarryThePagesTokenInTheBodysHeaders() {
        Browser nadia = Browser.signedInAs("nadia");
        Response page = nadia.get("/t/newsguild/admin/periods");
        String html = page.asString();
        Matcher headers = Pattern.compile("<body[^>]*hx-headers='([^']*)'").matcher(html);
        assertThat(headers.find()).as("hx-headers on <body>").isTrue();
        Matcher token = Pattern.compile("\"X-CSRF-TOKEN\":\"([^\"]+)\"").matcher(Html.text(headers.group(1)));
        assertThat(token.find()).as("the CSRF token in hx-headers").isTrue();
        assertThat(Html.inputValue(html, "csrf-token")).contains(token.group(1));

        // what htmx sends: the header from hx-headers, no form field
        String label = Unique.name("hx");
        Response post = nadia.request().header("HX-Request", "true").header("X-CSRF-TOKEN", token.group(1))
                .contentType("application/x-www-form-urlencoded").formParam("label", label)
                .post("/t/newsguild/admin/periods");
        assertThat(post.statusCode()).isIn(200, 303);
        given().auth().oauth2(DevTokens.of("nadia")).get("/api/v1/tenants/newsguild/periods/" + label).then().statusCode(200);
    }

    /** Post forms of a page that lack the hidden token field, and htmx mutations on a page without the header. */
    static List<String> formsWithoutToken(String what, String html) {
        List<String> problems = new ArrayList<>();
        Matcher form = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE).matcher(html);
        while (form.find()) {
            boolean post = form.group(1).matches("(?is).*method=[\"']?post.*");
            if (post && !form.group(2).contains("name=\"csrf-token\"")) {
                problems.add(what + ": a post form without the CSRF field: " + form.group(1).trim());
            }
        }
        boolean mutates = Pattern.compile("hx-(post|put|patch|delete)=").matcher(html).find();
        boolean header = Pattern.compile("<body[^>]*hx-headers='[^']*X-CSRF-TOKEN&quot;:&quot;[^&]+&quot;|<body[^>]*hx-headers='[^']*\"X-CSRF-TOKEN\":\"[^\"]+\"")
                .matcher(html).find();
        if (mutates && !header) {
            problems.add(what + ": htmx posts on a page whose <body> has no hx-headers CSRF token");
        }
        return problems;
    }
}
