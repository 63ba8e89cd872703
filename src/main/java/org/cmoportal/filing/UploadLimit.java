package org.cmoportal.filing;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.cmoportal.error.Problem;
import org.cmoportal.web.DeclaredLengthLimit;

import io.vertx.core.http.HttpMethod;
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
            long declared = DeclaredLengthLimit.declared(rc);
            if (declared > config.maxUsageSize().asLongValue() + ENVELOPE) {
                Problem p = filings.tooLarge(declared).problems().get(0);
                DeclaredLengthLimit.refuse(rc, "The usage file is too large.", List.of(Map.of("where", p.where(), "message", p.message())),
                        "Nothing was saved: the upload is too large. " + p.where() + ": " + p.message());
                return;
            }
            rc.next();
        });
    }
}
