package org.cmoportal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;

/**
 * Every cookie the portal sets carries {@code SameSite=Lax}, so another site's form cannot send it.
 *
 * <p>The session cookie has it from {@code quarkus.oidc.authentication.cookie-same-site}, but the
 * sign-in state cookie ({@code q_auth_*}) and the CSRF cookie have no such setting. Lax, not Strict:
 * the state and session cookies must come back on the identity provider's top-level redirect.
 */
@ApplicationScoped
public class SameSiteCookies {

    void install(@Observes Router router) {
        router.route().order(-180).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                for (Cookie cookie : rc.request().cookies()) {
                    if (cookie.getSameSite() == null) {
                        cookie.setSameSite(CookieSameSite.LAX);
                    }
                }
            });
            rc.next();
        });
    }
}
