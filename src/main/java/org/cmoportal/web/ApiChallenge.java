package org.cmoportal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * An API call with no credentials at all answers 401 with a bearer challenge.
 *
 * <p>The hybrid OIDC set-up sends every request without an {@code Authorization} header into the
 * code flow, so a program calling the API without a token would get a 302 to the login page meant
 * for people. A browser with a session cookie is left to OIDC as before.
 */
@ApplicationScoped
public class ApiChallenge {

    static final String BODY = "{\"type\":\"urn:cmo-portal:problem:unauthorized\",\"title\":\"Sign-in required\","
            + "\"status\":401,\"code\":\"unauthorized\",\"detail\":\"Send an access token from the portal's identity "
            + "provider in the Authorization header: Bearer <token>.\",\"errors\":[]}";

    void install(@Observes Router router) {
        router.route("/api/*").order(-250).handler(rc -> {
            String cookies = rc.request().getHeader(HttpHeaders.COOKIE);
            boolean session = cookies != null && cookies.contains("q_session");
            if (rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null && !session) {
                rc.response().setStatusCode(401)
                        .putHeader("WWW-Authenticate", "Bearer")
                        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorMapper.PROBLEM_JSON.toString())
                        .end(BODY);
                return;
            }
            rc.next();
        });
    }
}
