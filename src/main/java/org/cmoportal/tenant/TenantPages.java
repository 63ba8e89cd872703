package org.cmoportal.tenant;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

/** The operator's tenant forms: create a tenant, name its administrators. They sit on the operator's home. */
@Path("/operator/tenants")
@Produces(MediaType.TEXT_HTML)
public class TenantPages {

    @Inject
    TenantService tenants;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "tenant", where = "tenant")
    public Response create(@RestForm String slug, @RestForm String name, @RestForm String currency,
            @RestForm String adminFeeRate, @RestForm String shareMin, @RestForm String shareMax,
            @RestForm String categories) {
        tenants.create(new TenantSetup(slug, name, currency, adminFeeRate,
                new TenantSetup.ShareBand(shareMin, shareMax), parseCategories(categories)));
        return Response.seeOther(Routes.withNotice("/operator", "tenant-created")).build();
    }

    @POST
    @Path("{tenant}/admins")
    @TenantAccess(Party.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response nameAdmin(@PathParam("tenant") String tenant, @RestForm String username) {
        tenants.nameAdmin(tenant, username);
        return Response.seeOther(Routes.withNotice("/operator", "admin-named")).build();
    }

    /** One category per line: {@code key, name, rule} (name and rule optional). */
    static List<TenantSetup.CategorySetup> parseCategories(String text) {
        List<TenantSetup.CategorySetup> list = new ArrayList<>();
        if (text == null) {
            return list;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",", 3);
            list.add(new TenantSetup.CategorySetup(parts[0].strip(), parts.length > 1 ? parts[1].strip() : null,
                    parts.length > 2 ? parts[2].strip() : null));
        }
        return list;
    }
}
