package org.cmoportal.account;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrator's check that no money was lost: the identity of economics.md, green or the difference and where. */
@Path("/t/{tenant}/admin/conservation")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class ConservationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance check(Conservation.Identity identity);
    }

    @Inject
    Conservation conservation;

    @GET
    public TemplateInstance check() {
        return Templates.check(conservation.check());
    }
}
