package org.cmoportal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * A form sent through htmx (boosted, or with {@code hx-push-url}) and answered with a page rather than a redirect
 * (a refusal that shows the form again with its problems) keeps the address it was sent from.
 *
 * <p>htmx would push the form's action into the history, and a POST-only address renders no page when the
 * person reloads or goes back; {@code HX-Push-Url: false} tells it not to. After a redirect the browser's request
 * for the page it leads to is a GET, so that page's address is pushed as usual.
 */
@ApplicationScoped
public class HtmxHistory {

    void install(@Observes Router router) {
        router.route().order(-199).handler(rc -> {
            HttpMethod method = rc.request().method();
            if (rc.request().getHeader("HX-Request") != null && method != HttpMethod.GET && method != HttpMethod.HEAD) {
                rc.addHeadersEndHandler(v -> {
                    int status = rc.response().getStatusCode();
                    if (status < 300 || status >= 400) {
                        rc.response().putHeader("HX-Push-Url", "false");
                    }
                });
            }
            rc.next();
        });
    }
}
