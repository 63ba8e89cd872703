package org.cmoportal.evaluator;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
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

import org.cmoportal.identity.Roles;
import org.cmoportal.web.Paging;

/** The operator's API for evaluator organisations and their users. */
@Path("/api/v1/evaluators")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class EvaluatorApi {

    /** The body of {@code POST /evaluators}. */
    public record NewEvaluator(String slug, String name) {
    }

    /** The body of {@code POST /evaluators/{e}/users}. */
    public record UserRequest(String username) {
    }


    @Inject
    EvaluatorService evaluators;

    @POST
    public Response create(NewEvaluator request) {
        EvaluatorOrg org = evaluators.create(request == null ? null : request.slug(), request == null ? null : request.name());
        return Response.created(URI.create("/api/v1/evaluators/" + org.slug)).entity(evaluators.of(org.slug)).build();
    }

    /**
     * The organisations by name: {@code q} searches names and slugs (a part, any case); {@code page} and {@code size} (up
     * to 1,000, default 100) page through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Paging.Page<EvaluatorService.EvaluatorView> found = evaluators.views(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.rows()).header("X-Total-Count", found.paging().count()).build();
    }

    @GET
    @Path("{evaluator}")
    public EvaluatorService.EvaluatorView get(@PathParam("evaluator") String slug) {
        return evaluators.of(slug);
    }

    @POST
    @Path("{evaluator}/users")
    public Response affiliate(@PathParam("evaluator") String slug, UserRequest request) {
        evaluators.affiliate(slug, request == null ? null : request.username());
        return Response.status(Response.Status.CREATED).entity(evaluators.of(slug)).build();
    }
}
