package org.cmoportal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.oneOf;

import java.util.Map;

import org.cmoportal.testsupport.Browser;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A person signs in through the identity provider's page (code flow with PKCE), lands on their home, and signs out. */
@QuarkusTest
class LoginFlowTest {

    @Test
    void anAnonymousVisitorIsSentToTheProviderWithPkce() {
        Response r = new Browser().get("/home");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.header("Location"))
                .startsWith(DevTokens.provider() + "/authorize?")
                .contains("response_type=code", "code_challenge=", "code_challenge_method=S256");
    }

    @Test
    void anAdministratorSignsInAndLandsOnHerCmosAdminHome() {
        // nell administers newsguild alone (other test classes make nadia an administrator of CMOs of their own)
        given().auth().oauth2(DevTokens.of("olivia")).contentType("application/json").body(Map.of("username", "nell"))
                .post("/api/v1/tenants/newsguild/admins").then().statusCode(oneOf(201, 409));
        Browser browser = new Browser();
        Response loginPage = browser.follow(browser.get("/home"));
        assertThat(browser.currentUrl()).startsWith(DevTokens.provider() + "/authorize?");

        Response home = browser.follow(browser.submitDevLogin(loginPage, "nell"));

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(browser.currentUrl()).endsWith("/t/newsguild/admin");
        assertThat(browser.visited()).as("back through the portal's callback").anyMatch(u -> u.contains("code="));
        assertThat(Html.text(home.asString())).contains("Press & News Guild", "nell");
    }

    @Test
    void signingOutEndsTheSession() {
        Browser browser = Browser.signedInAs("nadia");
        assertThat(browser.get("/home").statusCode()).as("signed in: sent to the home of the role").isEqualTo(303);

        Response out = browser.follow(browser.get("/logout"));
        assertThat(out.statusCode()).isEqualTo(200);

        Response again = browser.get("/home");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.header("Location")).startsWith(DevTokens.provider() + "/authorize?");
    }

    @Test
    void anHtmxRequestWithoutASessionIsToldWhereToGoNotRedirected() {
        Response r = new Browser().request()
                .header("HX-Request", "true")
                .header("X-Requested-With", "XMLHttpRequest")
                .get("/t/newsguild/admin");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("HX-Location")).contains("/signed-out");
        assertThat(r.header("Location")).isNull();
    }
}
