package org.cmoportal.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.ext.web.Router;

/**
 * Security headers on every response of the portal: scripts only from the portal itself (htmx is
 * served from a jar), no plugins, no base tag tricks, no framing; in production, HTTPS only.
 *
 * <p>Quarkus's own tools under {@code /q/} (dev UI, the dev login page) use inline scripts and are
 * left alone; they do not exist in production except health.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /**
     * {@code Strict-Transport-Security}, set only in production: dev and tests run on plain HTTP, where a
     * browser would remember it for localhost and refuse every other local app.
     */
    @ConfigProperty(name = "cmo.http.strict-transport-security")
    Optional<String> strictTransportSecurity;

    void install(@Observes Router router) {
        router.route().order(-190).handler(rc -> {
            boolean portalPage = !rc.normalizedPath().startsWith("/q/");
            rc.addHeadersEndHandler(v -> {
                var headers = rc.response().headers();
                // for the whole host, /q/health included: a browser keeps it for the host, not per path
                strictTransportSecurity.ifPresent(value -> headers.set("Strict-Transport-Security", value));
                if (portalPage) {
                    headers.set("Content-Security-Policy", CSP)
                            .set("X-Content-Type-Options", "nosniff")
                            .set("Referrer-Policy", "same-origin")
                            .set("X-Frame-Options", "DENY");
                }
            });
            rc.next();
        });
    }
}
