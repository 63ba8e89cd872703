package org.cmoportal.builder;

import static org.cmoportal.web.FormValues.typed;

import java.net.URI;
import java.util.List;
import java.util.Map;

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
import jakarta.ws.rs.core.UriBuilder;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * An organisation's own page of its users: its administrators add people, make them administrators or not,
 * and remove them; its other users see who belongs and whom to ask.
 */
@Path("/builders/{builder}/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.OPERATOR, Roles.BUILDER})
public class BuilderUserPages {

    /** The page as shown: the organisation, whether the viewer manages it, and the state of the add form. */
    public record UsersPage(BuilderOrgService.OrganisationView org, boolean manages, String me, Map<String, String> form,
            List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(UsersPage page);
    }

    static final Map<String, String> NOTICES = Map.of(
            "added", "The user was added: they can file for the organisation with every CMO that licenses it.",
            "changed", "The user's role in the organisation was changed.",
            "removed", "The user was removed: from their next request on, they no longer file or read for the organisation.");

    @Inject
    BuilderOrgService organisations;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance users(@PathParam("builder") String builder, @QueryParam("notice") String notice) {
        return Templates.users(page(builder, Map.of(), List.of(), notice == null ? null : NOTICES.get(notice)));
    }

    /** Adds a user, or sets whether an existing one administers the organisation. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response put(@PathParam("builder") String builder, @RestForm String username, @RestForm String admin) {
        boolean added;
        try {
            added = organisations.putUser(builder, username, admin == null || admin.isEmpty() ? null : Boolean.valueOf(admin));
        } catch (DomainException e) {
            return refused(builder, e, Map.of("username", typed(username)));
        }
        return Response.seeOther(page(builder, added ? "added" : "changed")).build();
    }

    @POST
    @Path("remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("builder") String builder, @RestForm String username) {
        try {
            organisations.removeUser(builder, username);
        } catch (DomainException e) {
            return refused(builder, e, Map.of());
        }
        // someone who removed themselves has no page here any more
        boolean self = username != null && username.strip().equals(user.username()) && !user.hasRole(Roles.OPERATOR);
        return Response.seeOther(self ? URI.create("/builder") : page(builder, "removed")).build();
    }

    private static URI page(String builder, String notice) {
        return UriBuilder.fromResource(BuilderUserPages.class).queryParam("notice", notice).build(builder);
    }

    /** Not found and not allowed stay what they are; a problem with the input shows the page again with it. */
    private Response refused(String builder, DomainException e, Map<String, String> form) {
        if (e.kind() == DomainException.Kind.NOT_FOUND || e.kind() == DomainException.Kind.FORBIDDEN) {
            throw e;
        }
        List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("username", e.getMessage())) : e.problems();
        return Response.status(e.kind().status).entity(Templates.users(page(builder, form, problems, null))).build();
    }

    private UsersPage page(String builder, Map<String, String> form, List<Problem> problems, String notice) {
        BuilderOrgService.OrganisationView org = organisations.users(builder);
        return new UsersPage(org, organisations.manages(org), user.username(), form, problems, notice);
    }
}
