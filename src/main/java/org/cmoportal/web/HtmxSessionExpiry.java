package org.cmoportal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * An htmx request without a valid session gets 401 and {@code HX-Location} to the signed-out page,
 * instead of the identity provider's login page swapped into a table cell.
 *
 * <p>OIDC answers such requests with 499 (JavaScript requests are not redirected, see
 * {@code java-script-auto-redirect=false}); htmx marks its requests with {@code X-Requested-With}
 * through {@code hx-headers} in the layout.
 */
@ApplicationScoped
public class HtmxSessionExpiry {

    void install(@Observes Router router) {
        router.route().order(-200).handler(rc -> {
            if (rc.request().getHeader("HX-Request") != null) {
                rc.addHeadersEndHandler(v -> {
                    if (rc.response().getStatusCode() == 499) {
                        rc.response().setStatusCode(401);
                        rc.response().putHeader("HX-Location", "{\"path\":\"/signed-out\",\"target\":\"body\"}");
                    }
                });
            }
            rc.next();
        });
    }
}
