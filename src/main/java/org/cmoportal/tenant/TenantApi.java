package org.cmoportal.tenant;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Paging;

/** The operator's API: tenants and their administrators (api.md). */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantApi {

    @Inject
    TenantService tenants;

    @Inject
    TenantDirectory directory;

    @Inject
    TenantSettingsService settings;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Response create(TenantSetup setup) {
        Tenant t = tenants.create(setup == null ? new TenantSetup(null, null, null, null, null, null) : setup);
        return Response.created(URI.create("/api/v1/tenants/" + t.id)).entity(directory.of(t.id)).build();
    }

    /**
     * The tenants by name: {@code q} searches slugs and names (a part, any case); {@code page} and {@code size} (up to
     * 1,000, default 100) page through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    @RolesAllowed(Roles.OPERATOR)
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        TenantDirectory.Found found = directory.find(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.tenants()).header("X-Total-Count", found.paging().count()).build();
    }

    @GET
    @Path("{tenant}")
    @TenantAccess({Party.OPERATOR, Party.ADMIN})
    public TenantView get(@PathParam("tenant") String tenant) {
        return directory.current(tenant);
    }

    /** Changes the tenant's settings: the keys given, the others stay (api.md); answers all of them. */
    @PATCH
    @Path("{tenant}")
    @TenantAccess(Party.ADMIN)
    public TenantSettings changeSettings(@PathParam("tenant") String tenant, Map<String, Object> change) {
        return settings.change(change);
    }

    /** The body of {@code POST /admins}. */
    public record AdminRequest(String username) {
    }

    @POST
    @Path("{tenant}/admins")
    @TenantAccess(Party.OPERATOR)
    public Response addAdmin(@PathParam("tenant") String tenant, AdminRequest request) {
        String username = request == null ? null : request.username();
        tenants.nameAdmin(tenant, username);
        return Response.status(Response.Status.CREATED).entity(Map.of("id", tenant + ":" + username.strip(),
                "tenant", tenant, "username", username.strip())).build();
    }
}
