package org.cmoportal.statement;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Bearer tokens from the test profile's Dev Services OIDC provider (password grant; the password is the username). */
final class StatementTokens {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private StatementTokens() {
    }

    static String of(String username) {
        return CACHE.computeIfAbsent(username, u -> RestAssured.given()
                .formParam("grant_type", "password").formParam("username", u).formParam("password", u)
                .formParam("client_id", "quarkus-app")
                .post(ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class) + "/token")
                .then().statusCode(200).extract().path("access_token"));
    }

    /** A request signed in as {@code username}. */
    static RequestSpecification as(String username) {
        return RestAssured.given().auth().oauth2(of(username)).redirects().follow(false);
    }
}
