package org.cmoportal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * Security headers on every response of the portal: scripts only from the portal itself (htmx is
 * served from a jar), no plugins, no base tag tricks, no framing.
 *
 * <p>Quarkus's own tools under {@code /q/} (dev UI, the dev login page) use inline scripts and are
 * left alone; they do not exist in production except health.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route().order(-190).handler(rc -> {
            if (!rc.normalizedPath().startsWith("/q/")) {
                rc.addHeadersEndHandler(v -> rc.response().headers()
                        .set("Content-Security-Policy", CSP)
                        .set("X-Content-Type-Options", "nosniff")
                        .set("Referrer-Policy", "same-origin")
                        .set("X-Frame-Options", "DENY"));
            }
            rc.next();
        });
    }
}
