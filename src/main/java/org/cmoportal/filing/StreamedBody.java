package org.cmoportal.filing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Leaves the filing API's request body unread until {@link FilingApi} reads it as it arrives.
 *
 * <p>quarkus-rest-csrf's filter asks for forms to be read ({@code @WithFormRead}), so Quarkus REST parses every
 * multipart body before the resource method runs: it writes the file parts to disk and, for a method that takes the
 * body as a stream, also keeps a copy of the whole body in memory. It skips that when the request already carries a
 * parsed form; this handler gives the API's filing upload one, holding a single marker field, so the body reaches the
 * method untouched. The CSRF check itself is unchanged: a bearer call passes by the header {@code BearerCsrfExemption}
 * supplies, and a call without the header finds no token in the marker form and is refused.
 */
@ApplicationScoped
public class StreamedBody {

    static final String MARKER = "cmo-streamed-body";

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, "/api/v1/tenants/[^/]+/periods/[^/]+/filings").order(-240).handler(rc -> {
            String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
                rc.request().formAttributes().set(MARKER, "1");
            }
            rc.next();
        });
    }
}
