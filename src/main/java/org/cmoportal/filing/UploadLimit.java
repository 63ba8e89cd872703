package org.cmoportal.filing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.cmoportal.error.Problem;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * Refuses a filing upload whose declared length is over the usage limit before a byte of it is read, with a 413
 * that says what the limit is. An upload whose length is not declared is checked once received.
 */
@ApplicationScoped
public class UploadLimit {

    /** Room for the filing JSON, the form fields and the multipart boundaries next to the usage file. */
    static final long ENVELOPE = 1L << 20;

    @Inject
    FilingConfig config;

    @Inject
    FilingService filings;

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, "/(api/v1/tenants|t)/[^/]+/periods/[^/]+/filings(/upload)?").order(-250).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > config.maxUsageSize().asLongValue() + ENVELOPE) {
                Problem p = filings.tooLarge(declared).problems().get(0);
                rc.response().setStatusCode(413).putHeader("Connection", "close");
                if (rc.request().path().startsWith("/api/")) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("type", "urn:cmo-portal:problem:too-large");
                    body.put("title", "Too large");
                    body.put("status", 413);
                    body.put("code", "too-large");
                    body.put("detail", "The usage file is too large.");
                    body.put("errors", List.of(Map.of("where", p.where(), "message", p.message())));
                    rc.response().putHeader("Content-Type", "application/problem+json").end(Json.encode(body));
                } else {
                    rc.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                            .end("Nothing was saved: the upload is too large. " + p.where() + ": " + p.message());
                }
                return;
            }
            rc.next();
        });
    }
}
