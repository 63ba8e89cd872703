package org.cmoportal.period;

import java.net.URI;
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
import org.jboss.resteasy.reactive.RestForm;

/** The administrator's period forms. */
@Path("/t/{tenant}/admin/periods")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class PeriodPages {

    @Inject
    PeriodService periods;

    @Inject
    AdminPages admin;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response open(@PathParam("tenant") String tenant, @RestForm String label) {
        try {
            periods.open(label);
        } catch (DomainException e) {
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("label", e.getMessage())) : e.problems();
            return admin.withProblems(tenant, e.kind().status, "periods", problems, Map.of("label", label == null ? "" : label));
        }
        return Response.seeOther(URI.create("/t/" + tenant + "/admin?notice=period-opened")).build();
    }
}
