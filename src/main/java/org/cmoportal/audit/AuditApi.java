package org.cmoportal.audit;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

/** The tenant's audit log through the API: pages of entries, newest first, and the chain check. */
@Path("/api/v1/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class AuditApi {

    /** A page of entries and how many there are in all. */
    public record Page(long total, int page, int size, List<AuditEvent> entries) {
    }

    @Inject
    AuditLog audit;

    @GET
    public Page list(@QueryParam("page") Integer page) {
        int p = page == null || page < 0 ? 0 : page;
        return new Page(audit.count(), p, AuditPages.PAGE, audit.page(p, AuditPages.PAGE));
    }

    @GET
    @Path("verify")
    public AuditPages.Verdict verify() {
        return AuditPages.Verdict.of(audit.verify(), audit.count());
    }
}
