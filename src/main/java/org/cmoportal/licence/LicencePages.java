package org.cmoportal.licence;

import static org.cmoportal.web.FormValues.typed;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.AdminPages;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

/** The administrator's licence form. */
@Path("/t/{tenant}/admin/licences")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class LicencePages {

    @Inject
    LicenceService licences;

    @Inject
    AdminPages admin;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response grant(@PathParam("tenant") String tenant, @RestForm String builder) {
        try {
            licences.grant(builder);
        } catch (DomainException e) {
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("builder", e.getMessage())) : e.problems();
            return admin.withProblems(tenant, e.kind().status, "licences", problems, Map.of("builder", typed(builder)));
        }
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "licence-granted")).build();
    }
}
