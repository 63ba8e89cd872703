package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.cmoportal.testsupport.Browser;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The session, sign-in state and CSRF cookies cannot be read by scripts nor sent by other sites' requests. */
@QuarkusTest
class CookieFlagsTest {

    @Test
    void sessionAndCsrfCookiesAreHttpOnlyAndSameSite() {
        List<String> cookies = SignInCookies.collect(new Browser());
        String session = SignInCookies.named(cookies, "q_session");
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String state = SignInCookies.named(cookies, "q_auth");
        assertThat(state).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String csrf = SignInCookies.named(cookies, "csrf-token");
        assertThat(csrf).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=");
        // Over plain HTTP in tests; production sets Secure (ProductionCookieFlagsTest).
    }

    @Test
    void signingOutClearsTheSessionCookie() {
        Browser browser = Browser.signedInAs("nadia");
        Response out = browser.get("/logout");
        assertThat(out.headers().getValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith("q_session").containsIgnoringCase("Max-Age=0"));
    }
}
