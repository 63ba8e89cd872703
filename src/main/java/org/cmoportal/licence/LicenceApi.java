package org.cmoportal.licence;

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

/** Licences through the API (api.md {@code POST /licences}). */
@Path("/api/v1/tenants/{tenant}/licences")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class LicenceApi {

    /** The body of {@code POST /licences}: the builder organisation's slug, optional name, and its users. */
    public record LicenceRequest(String builder, String name, List<String> usernames) {
    }

    @Inject
    LicenceService licences;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response grant(@PathParam("tenant") String tenant, LicenceRequest request) {
        LicenceRequest r = request == null ? new LicenceRequest(null, null, List.of()) : request;
        Licence l = licences.grant(r.builder(), r.name(), r.usernames());
        return Response.status(Response.Status.CREATED).entity(licences.ofTenant().stream()
                .filter(v -> v.id().equals(l.id)).findFirst().orElseThrow()).build();
    }

    @GET
    public List<LicenceService.LicenceView> list(@PathParam("tenant") String tenant) {
        return licences.ofTenant();
    }
}
