package org.cmoportal.period;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

/** Periods through the API (api.md {@code POST /periods}). */
@Path("/api/v1/tenants/{tenant}/periods")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class PeriodApi {

    /** The body of {@code POST /periods}. */
    public record OpenRequest(String label) {
    }

    /** A period as the API shows it. */
    public record PeriodJson(Long id, String label, String state, String openedBy, Instant openedAt) {
        static PeriodJson of(Period p) {
            return new PeriodJson(p.id, p.label, p.state.name(), p.openedBy, p.openedAt);
        }
    }

    @Inject
    PeriodService periods;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response open(@PathParam("tenant") String tenant, OpenRequest request) {
        Period p = periods.open(request == null ? null : request.label());
        return Response.status(Response.Status.CREATED).entity(PeriodJson.of(periods.get(p.label))).build();
    }

    @GET
    public List<PeriodJson> list(@PathParam("tenant") String tenant) {
        return periods.list().stream().map(PeriodJson::of).toList();
    }

    @GET
    @Path("{period}")
    public PeriodJson get(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return PeriodJson.of(periods.get(label));
    }
}
