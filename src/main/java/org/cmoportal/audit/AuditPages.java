package org.cmoportal.audit;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrators' audit log: every entry of the tenant's chain, newest first, and a check of the chain. */
@Path("/t/{tenant}/admin/audit")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AuditPages {

    static final int PAGE = 50;

    /**
     * A page of the log, searched by actor or action; {@code total} is the chain's length, {@code check} the chain's
     * verdict when the administrator asked for it.
     */
    public record AuditView(String tenant, AuditLog.Found found, String query, long total, Verdict check) {
    }

    /** The result of walking the chain. */
    public record Verdict(boolean intact, long entries, Long brokenAt, String reason) {
        static Verdict of(Optional<AuditLog.ChainBreak> breakPoint, long entries) {
            return breakPoint.map(b -> new Verdict(false, entries, b.seq(), b.reason()))
                    .orElseGet(() -> new Verdict(true, entries, null, null));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance log(AuditView view);

        static native TemplateInstance log$verdict(AuditView view);

        static native TemplateInstance log$audit_rows(AuditView view);
    }

    @Inject
    AuditLog audit;

    /** The entries alone when the search box asks (htmx, {@code HX-Target: audit-rows}), the whole page otherwise. */
    @GET
    public TemplateInstance log(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        AuditView view = new AuditView(tenant, audit.find(query, Paging.requested(page), PAGE), Paging.query(query),
                audit.count(), null);
        return "audit-rows".equals(hxTarget) ? Templates.log$audit_rows(view) : Templates.log(view);
    }

    /** Walks the chain; htmx asks for the verdict alone, a plain request gets the page with it. */
    @GET
    @Path("verify")
    public TemplateInstance verify(@PathParam("tenant") String tenant, @RestHeader("HX-Target") String hxTarget) {
        long total = audit.count();
        Verdict verdict = Verdict.of(audit.verify(), total);
        if ("verdict".equals(hxTarget)) {
            return Templates.log$verdict(new AuditView(tenant, new AuditLog.Found(List.of(), Paging.of(1, PAGE, 0)), "", total, verdict));
        }
        return Templates.log(new AuditView(tenant, audit.find(null, 1, PAGE), "", total, verdict));
    }
}
