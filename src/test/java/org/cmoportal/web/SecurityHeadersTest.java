package org.cmoportal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.cmoportal.testsupport.Browser;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Pages forbid inline scripts, plugins and framing, and a form post needs the page's CSRF token. */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        Response page = given().auth().oauth2(DevTokens.of("nadia")).get("/t/newsguild/admin");
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'");
        String scriptSrc = csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")));
        assertThat(scriptSrc).doesNotContain("'unsafe-inline'", "'unsafe-eval'", "*");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isNotBlank();
    }

    @Test
    void theLandingPageCarriesThemToo() {
        Response landing = given().get("/");
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(landing.header("X-Content-Type-Options")).isEqualTo("nosniff");
        // plain HTTP outside production: a browser would remember HTTPS-only for localhost (ProductionCookieFlagsTest)
        assertThat(landing.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Browser nadia = Browser.signedInAs("nadia");
        nadia.get("/t/newsguild/admin").then().statusCode(200); // the session and the CSRF cookie are both there
        String label = Unique.name("csrf");

        Response post = nadia.request().contentType("application/x-www-form-urlencoded")
                .formParam("label", label).post("/t/newsguild/admin/periods");

        assertThat(post.statusCode()).isEqualTo(400);
        periodAnswers(label, 404);
    }

    @Test
    void aFormPostWithTheCsrfTokenOpensThePeriod() {
        Browser nadia = Browser.signedInAs("nadia");
        String page = nadia.get("/t/newsguild/admin/periods").then().statusCode(200).extract().asString();
        String token = Html.inputValue(page, "csrf-token").orElseThrow();
        String label = Unique.name("csrf");

        Response post = nadia.request().contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token).formParam("label", label).post("/t/newsguild/admin/periods");

        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(post.header("Location")).endsWith("/t/newsguild/admin/periods?notice=opened");
        periodAnswers(label, 200);
    }

    private static void periodAnswers(String label, int status) {
        given().auth().oauth2(DevTokens.of("nadia")).get("/api/v1/tenants/newsguild/periods/" + label)
                .then().statusCode(status);
    }
}
