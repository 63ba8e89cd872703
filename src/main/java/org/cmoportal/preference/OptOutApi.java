package org.cmoportal.preference;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantScope;

/**
 * The CMO's current opt-outs through the API (api.md {@code GET .../preferences/opt-outs}), for builders licensed
 * with it and its administrators: JSON, or the same list as aipref text. Both stream, whatever the number of members.
 */
@Path("/api/v1/tenants/{tenant}/preferences")
@TenantAccess({Party.ADMIN, Party.LICENSED_BUILDER})
public class OptOutApi {

    @Inject
    OptOuts optOuts;

    @Inject
    TenantScope scope;

    /** {@code [{category, ref, trainAi, search, since}]}, in category and ref order. */
    @GET
    @Path("opt-outs")
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(@PathParam("tenant") String tenant) {
        StreamingOutput body = out -> scope.run(tenant, () -> optOuts.writeJson(out));
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** One line per opt-out: {@code <category> TAB <ref> TAB train-ai=n, search=y} (docs/preferences.md). */
    @GET
    @Path("opt-outs.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public Response text(@PathParam("tenant") String tenant) {
        return OptOutPages.text(tenant, optOuts, scope);
    }
}
