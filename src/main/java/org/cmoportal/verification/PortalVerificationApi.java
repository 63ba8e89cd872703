package org.cmoportal.verification;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Roles;
import org.cmoportal.web.Paging;

/** Verification work that spans CMOs: an evaluator's queue, a builder's commitments and checks. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PortalVerificationApi {

    @Inject
    CrossTenantViews views;

    @Inject
    CommitmentService commitments;

    /**
     * The filings waiting for the caller's attestation in every CMO that trusts its evaluator organisations, as the
     * evaluator's home lists them (CMO by CMO, each newest submitted first): {@code q} searches the CMO, builder, model
     * and period (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page through them, the
     * whole count in {@code X-Total-Count}. Each CMO is counted in the database and only the CMOs the page falls in
     * are read.
     */
    @GET
    @Path("attestations/pending")
    @RolesAllowed(Roles.EVALUATOR)
    public Response pending(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        CrossTenantViews.AddressedPage waiting = views.evaluatorWaiting(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(waiting.filings()).header("X-Total-Count", waiting.paging().count()).build();
    }

    @POST
    @Path("commitments")
    @RolesAllowed(Roles.BUILDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response commit(CommitmentService.CommitmentRequest request) {
        return Response.status(Response.Status.CREATED).entity(commitments.register(request)).build();
    }

    @GET
    @Path("commitments")
    @RolesAllowed(Roles.BUILDER)
    public List<CommitmentService.CommitmentView> commitments() {
        return commitments.mine();
    }

    @GET
    @Path("builder/checks")
    @RolesAllowed(Roles.BUILDER)
    public List<CrossTenantViews.BuilderCheck> checks() {
        return views.builderChecks();
    }
}
