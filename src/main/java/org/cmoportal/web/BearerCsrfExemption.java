package org.cmoportal.web;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Lets API clients that authenticate with a bearer token post multipart filings without a CSRF token.
 *
 * <p>CSRF abuses credentials a browser adds by itself (cookies); a bearer token is never added by a
 * browser, so a request carrying one cannot be forged cross-site. quarkus-rest-csrf checks every
 * multipart POST and has no per-path switch, so for such requests this handler supplies a matching
 * one-off cookie and header pair before it runs. Requests with a session cookie and no bearer token
 * are checked as usual.
 */
@ApplicationScoped
public class BearerCsrfExemption {

    private static final SecureRandom RANDOM = new SecureRandom();

    void install(@Observes Router router) {
        router.route("/api/*").order(-300).handler(rc -> {
            String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                byte[] bytes = new byte[16];
                RANDOM.nextBytes(bytes);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                String cookies = rc.request().getHeader(HttpHeaders.COOKIE);
                rc.request().headers().set(HttpHeaders.COOKIE, (cookies == null ? "" : cookies + "; ") + "csrf-token=" + token);
                rc.request().headers().set("X-CSRF-TOKEN", token);
            }
            rc.next();
        });
    }
}
