package org.cmoportal.organisation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.cmoportal.identity.Roles;
import org.cmoportal.web.Paging;

/** Builder organisations through the API (api.md {@code /builders}): the operator creates them, their administrators staff them. */
@Path("/api/v1/builders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BuilderOrgApi {

    /** The body of {@code POST /builders}: the organisation and the username of its first administrator. */
    public record NewOrganisation(String slug, String name, String admin) {
    }

    /** The body of {@code POST /builders/{b}/users}: {@code admin} optional. */
    public record UserRequest(String username, Boolean admin) {
    }


    @Inject
    BuilderOrgService organisations;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Response create(NewOrganisation request) {
        NewOrganisation r = request == null ? new NewOrganisation(null, null, null) : request;
        BuilderOrgService.OrganisationView created = organisations.create(r.slug(), r.name(), r.admin());
        return Response.created(UriBuilder.fromResource(BuilderOrgApi.class).path("{builder}/users").build(created.slug()))
                .entity(created).build();
    }

    /**
     * The organisations by name: {@code q} searches names and slugs (a part, any case); {@code page} and {@code size} (up
     * to 1,000, default 100) page through them, the whole count in {@code X-Total-Count}. Each organisation comes with
     * the first page of its users and {@code userCount} (see {@link BuilderOrgService.OrganisationView}).
     */
    @GET
    @RolesAllowed(Roles.OPERATOR)
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Paging.Page<BuilderOrgService.OrganisationView> found = organisations.views(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.rows()).header("X-Total-Count", found.paging().count()).build();
    }

    /**
     * The organisation with a page of its users, administrators first: the same object as before, its {@code users} now
     * the page (a client of a small organisation reads what it always read). {@code q} searches usernames and display
     * names (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page through them, the count of
     * those that match in {@code X-Total-Count}, and {@code userCount} all the organisation's users.
     */
    @GET
    @Path("{builder}/users")
    @RolesAllowed({Roles.OPERATOR, Roles.BUILDER})
    public Response users(@PathParam("builder") String builder, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Paging.Page<BuilderOrgService.OrganisationView> found = organisations.usersPage(builder, q, Paging.apiPage(page),
                Paging.apiSize(size));
        return Response.ok(found.rows().get(0)).header("X-Total-Count", found.paging().count()).build();
    }

    /** 201 when the person was added, 200 when an existing user's administrator flag was set. */
    @POST
    @Path("{builder}/users")
    @RolesAllowed({Roles.OPERATOR, Roles.BUILDER})
    public Response putUser(@PathParam("builder") String builder, UserRequest request) {
        UserRequest r = request == null ? new UserRequest(null, null) : request;
        boolean added = organisations.putUser(builder, r.username(), r.admin());
        return Response.status(added ? Response.Status.CREATED : Response.Status.OK).entity(organisations.users(builder)).build();
    }

    @DELETE
    @Path("{builder}/users/{username}")
    @RolesAllowed({Roles.OPERATOR, Roles.BUILDER})
    public Response removeUser(@PathParam("builder") String builder, @PathParam("username") String username) {
        organisations.removeUser(builder, username);
        return Response.noContent().build();
    }
}
