package org.cmoportal.testsupport;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Access tokens from the test profile's Dev Services OIDC provider, through its password grant
 * (the password is the username). Tokens live five minutes, so they are cached for four. Also the
 * requests tests send with them: as an API client, and as a page's form with its CSRF pair.
 */
public final class DevTokens {

    /** A CSRF token of the portal's shape (16 bytes, URL-safe Base64), the same on every test's form posts. */
    public static final String CSRF = Base64.getUrlEncoder().withoutPadding().encodeToString("test-csrf-token!".getBytes());

    private static final long KEEP_MILLIS = 4 * 60 * 1000;
    private static final Map<String, Token> CACHE = new ConcurrentHashMap<>();

    private record Token(String value, long fetchedAt) {
    }

    private DevTokens() {
    }

    /** The provider's base URL, as the application under test sees it. */
    public static String provider() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    /** A bearer token for a demo user. */
    public static String of(String username) {
        String key = provider() + "|" + username;
        Token cached = CACHE.get(key);
        if (cached == null || System.currentTimeMillis() - cached.fetchedAt() > KEEP_MILLIS) {
            cached = new Token(fetch(username), System.currentTimeMillis());
            CACHE.put(key, cached);
        }
        return cached.value();
    }

    /** A request with {@code username}'s bearer token that follows no redirect, so a test sees each answer as sent. */
    public static RequestSpecification as(String username) {
        return RestAssured.given().auth().oauth2(of(username)).redirects().follow(false);
    }

    /**
     * The same with the CSRF cookie and the matching header of the double-submit check, as a page's form sends
     * them (the portal compares the two; a form on another site can send neither).
     */
    public static RequestSpecification page(String username) {
        return as(username).cookie("csrf-token", CSRF).header("X-CSRF-TOKEN", CSRF);
    }

    private static String fetch(String username) {
        return RestAssured.given()
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", username)
                .formParam("client_id", "quarkus-app")
                .post(provider() + "/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
