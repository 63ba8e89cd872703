package org.cmoportal.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.Browser;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.KeycloakProfile;
import org.cmoportal.testsupport.KeycloakServer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Real logins: Keycloak's login form for a person, Keycloak's tokens for a program. */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class KeycloakLoginTest {

    @Test
    void brunoSignsInThroughKeycloakAndSeesHisBuilderHome() {
        // 127.0.0.1: Keycloak accepts a loopback redirect URI on any port, so the test port may be random.
        Browser browser = new Browser("http://127.0.0.1:" + RestAssured.port);
        Response loginPage = browser.follow(browser.get("/builder"));
        assertThat(browser.currentUrl()).startsWith(KeycloakServer.REALM_URL + "/protocol/openid-connect/auth?");
        assertThat(loginPage.statusCode()).isEqualTo(200);

        // Keycloak marks its cookies Secure even on http://localhost, where a cookie jar would not send them back.
        Response signedIn = browser.post(browser.request().urlEncodingEnabled(false).cookies(loginPage.getCookies())
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "bruno").formParam("password", "demo"), loginFormAction(loginPage.asString()));
        Response home = browser.follow(signedIn);

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(browser.currentUrl()).endsWith("/builder");
        assertThat(Html.text(home.asString())).contains("Acme AI", "bruno");
    }

    @Test
    void aKeycloakTokenOpensOnlyTheAdminsOwnTenant() {
        String token = KeycloakServer.passwordGrant("nadia", "demo");
        given().auth().oauth2(token).get("/api/v1/tenants/newsguild/periods").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/tenants/codebooks/periods").then().statusCode(404);
    }

    private static String loginFormAction(String html) {
        Matcher form = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>").matcher(html);
        assertThat(form.find()).as("Keycloak's login form").isTrue();
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form.group());
        assertThat(action.find()).isTrue();
        return Html.text(action.group(1));
    }
}
