package org.cmoportal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an upload by its declared {@code Content-Length}, before a byte of it is read: a 413 that closes the
 * connection, as {@code application/problem+json} for the API and as plain text for pages. An upload that declares
 * no length passes here and is checked by its receiver once received.
 */
public final class DeclaredLengthLimit {

    private DeclaredLengthLimit() {
    }

    /** The declared length of the request body, or -1 when it is missing or not a number. */
    public static long declared(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers 413.
     *
     * @param detail   the problem's detail for API callers
     * @param errors   the problem's {@code errors} (where, message) for API callers
     * @param pageText what a person sees
     */
    public static void refuse(RoutingContext rc, String detail, List<Map<String, String>> errors, String pageText) {
        rc.response().setStatusCode(413).putHeader("Connection", "close");
        if (rc.request().path().startsWith("/api/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "urn:cmo-portal:problem:too-large");
            body.put("title", "Too large");
            body.put("status", 413);
            body.put("code", "too-large");
            body.put("detail", detail);
            body.put("errors", errors);
            rc.response().putHeader("Content-Type", "application/problem+json").end(Json.encode(body));
        } else {
            rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(pageText);
        }
    }
}
