package org.cmoportal.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;

/**
 * Access tokens from the test profile's Dev Services OIDC provider, through its password grant
 * (the password is the username). Tokens live five minutes, so they are cached for four.
 */
public final class DevTokens {

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
