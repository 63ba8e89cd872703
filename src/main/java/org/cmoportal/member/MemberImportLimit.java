package org.cmoportal.member;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.cmoportal.web.DeclaredLengthLimit;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Refuses a member import larger than {@link #MAX_BYTES} before it is read, with a 413 that says what to do.
 *
 * <p>The body limit of the whole application is sized for usage files (gigabytes, streamed), but an import is
 * taken whole or not at all in one transaction, which must end within {@code cmo.member.import-timeout}; a
 * member list is never that large.
 */
@ApplicationScoped
public class MemberImportLimit {

    /** 32 MiB: about a million members per file, imported in about a minute (docs/performance.md). */
    public static final long MAX_BYTES = 32L << 20;

    static final String MESSAGE = "Nothing was imported: the member file is larger than 32 MB. "
            + "Split it into several files of fewer members and import them one after another.";

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, "/(t/[^/]+/admin/members/import|api/v1/tenants/[^/]+/members)").order(-250)
                .handler(rc -> {
                    if (DeclaredLengthLimit.declared(rc) > MAX_BYTES) {
                        DeclaredLengthLimit.refuse(rc, MESSAGE, List.of(), MESSAGE);
                        return;
                    }
                    rc.next();
                });
    }
}
