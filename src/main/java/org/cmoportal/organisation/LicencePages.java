package org.cmoportal.organisation;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

/** The administrator's licence form; it sits on the administrator's home, which shows a refusal. */
@Path("/t/{tenant}/admin/licences")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class LicencePages {

    @Inject
    LicenceService licences;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "licences", where = "builder")
    public Response grant(@PathParam("tenant") String tenant, @RestForm String builder) {
        licences.grant(builder);
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "licence-granted")).build();
    }
}
