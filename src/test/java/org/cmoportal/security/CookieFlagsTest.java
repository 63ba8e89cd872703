package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.cmoportal.testsupport.DevTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** The session, sign-in state and CSRF cookies cannot be read by scripts nor sent by other sites' requests. */
@QuarkusTest
class CookieFlagsTest {

    @Test
    void everyCookieOfASignedInWalkIsSetWholeAndNoneIsEchoed() {
        SignInCookies walk = SignInCookies.walk();
        // Over plain HTTP in tests; production adds Secure (ProductionCookieFlagsTest).
        walk.assertEveryCookieIsGuarded(false);
        assertThat(walk.held()).as("cookies held after signing out").doesNotContainKey("q_session");
    }

    @Test
    void signingOutClearsTheSessionCookieForTheWholeSite() {
        SignInCookies walk = SignInCookies.walk();
        assertThat(walk.cleared("q_session")).isNotEmpty()
                .allSatisfy(c -> assertThat(SignInCookies.attributes(c)).containsEntry("path", "/"));
        Response again = walk.get("/home");
        assertThat(again.statusCode()).as("signed out: /home asks to sign in").isEqualTo(302);
        assertThat(again.header("Location")).startsWith(DevTokens.provider() + "/authorize?");
    }

    @Test
    void aCookieTheClientSentIsNotSentBack() {
        Response landing = RestAssured.given().cookie(SignInCookies.PROBE, "1").get("/");
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith(SignInCookies.PROBE + "="));
    }
}
