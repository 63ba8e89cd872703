package org.cmoportal.verification;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Roles;

/** Verification work that spans CMOs: an evaluator's queue, a builder's commitments and checks. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PortalVerificationApi {

    @Inject
    CrossTenantViews views;

    @Inject
    CommitmentService commitments;

    @GET
    @Path("attestations/pending")
    @RolesAllowed(Roles.EVALUATOR)
    public List<CrossTenantViews.AddressedFiling> pending() {
        return views.evaluatorQueue().stream().filter(f -> !f.attested()).toList();
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
