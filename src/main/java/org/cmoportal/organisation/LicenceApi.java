package org.cmoportal.organisation;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Paging;

/** Licences through the API (api.md {@code POST /licences}). */
@Path("/api/v1/tenants/{tenant}/licences")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class LicenceApi {

    /**
     * The body of {@code POST /licences}: the organisation's slug. {@code usernames} is read only to refuse it:
     * it once made people users of the organisation, which no CMO may do.
     */
    public record LicenceRequest(String builder, List<String> usernames) {
    }

    @Inject
    LicenceService licences;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response grant(LicenceRequest request) {
        LicenceRequest r = request == null ? new LicenceRequest(null, null) : request;
        if (r.usernames() != null) {
            throw DomainException.invalid("usernames", "A CMO licenses an organisation but never changes who belongs to it:"
                    + " the organisation's administrators add and remove its users (POST /api/v1/builders/{builder}/users)."
                    + " Send only {\"builder\": \"<slug>\"}.");
        }
        Licence l = licences.grant(r.builder());
        return Response.status(Response.Status.CREATED).entity(licences.ofTenant().stream()
                .filter(v -> v.id().equals(l.id)).findFirst().orElseThrow()).build();
    }

    /**
     * The tenant's licences by the builder organisation's name: {@code q} searches its slug and name (a part, any case);
     * {@code page} and {@code size} (up to 1,000, default 100) page through them, the whole count in
     * {@code X-Total-Count}.
     */
    @GET
    public Response list(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        LicenceService.Found found = licences.find(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.licences()).header("X-Total-Count", found.paging().count()).build();
    }
}
