package org.cmoportal.member;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Refuses a member import larger than {@link #MAX_BYTES} before it is read, with a 413 that says what to do.
 *
 * <p>The body limit of the whole application is sized for usage files (gigabytes, streamed), but an import
 * holds its rows in memory to be taken whole or not at all; a member list is never that large.
 */
@ApplicationScoped
public class MemberImportLimit {

    /** 32 MiB: several hundred thousand members per file. */
    public static final long MAX_BYTES = 32L << 20;

    static final String MESSAGE = "Nothing was imported: the member file is larger than 32 MB. "
            + "Split it into several files of fewer members and import them one after another.";

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, "/(t/[^/]+/admin/members/import|api/v1/tenants/[^/]+/members)").order(-250)
                .handler(rc -> {
                    String length = rc.request().getHeader("Content-Length");
                    long declared;
                    try {
                        declared = length == null ? -1 : Long.parseLong(length.trim());
                    } catch (NumberFormatException e) {
                        declared = -1;
                    }
                    if (declared > MAX_BYTES) {
                        rc.response().setStatusCode(413).putHeader("Connection", "close");
                        if (rc.request().path().startsWith("/api/")) {
                            rc.response().putHeader("Content-Type", "application/problem+json").end(
                                    "{\"type\":\"urn:cmo-portal:problem:too-large\",\"title\":\"Too large\",\"status\":413,"
                                            + "\"code\":\"too-large\",\"detail\":\"" + MESSAGE + "\",\"errors\":[]}");
                        } else {
                            rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(MESSAGE);
                        }
                        return;
                    }
                    rc.next();
                });
    }
}
