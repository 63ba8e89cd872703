package org.cmoportal.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;

/** Real access tokens from the test's OIDC provider (Dev Services), by password grant; cached per user. */
public final class Tokens {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String of(String username) {
        return CACHE.computeIfAbsent(username, u -> given()
                .formParam("grant_type", "password").formParam("username", u).formParam("password", u)
                .formParam("client_id", "quarkus-app")
                .post(ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class) + "/token")
                .then().statusCode(200).extract().path("access_token"));
    }
}
