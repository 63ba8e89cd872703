package org.cmoportal.builder;

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

import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.organisation.BuilderOrgService;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * An organisation's own page of its users, and the operator's view of them: the users a page at a time, searched by
 * username or display name (as typed, the rows alone for htmx); its administrators add people, make them
 * administrators or not, and remove them; its other users see who belongs and whom to ask.
 */
@HoldsForms({BuilderUserPages.PUT, BuilderUserPages.REMOVE})
@Path("/builders/{builder}/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.OPERATOR, Roles.BUILDER})
public class BuilderUserPages implements FormPage {

    static final String PUT = "organisation-user";
    static final String REMOVE = "organisation-user-removal";

    /**
     * The page as shown: the organisation with a page of its users and the search, whether the viewer manages it, and
     * the state of the add form.
     */
    public record UsersPage(BuilderOrgService.Organisation org, BuilderOrgService.FoundUsers found, String query,
            boolean manages, String me, Map<String, String> form, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(UsersPage page);

        static native TemplateInstance users$user_rows(UsersPage page);
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
    public TemplateInstance users(@PathParam("builder") String builder, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        UsersPage shown = page(builder, query, Paging.requested(page), Map.of(), List.of(),
                notice == null ? null : NOTICES.get(notice));
        return "user-rows".equals(hxTarget) ? Templates.users$user_rows(shown) : Templates.users(shown);
    }

    /** Adds a user, or sets whether an existing one administers the organisation. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = PUT, where = "username")
    public Response put(@PathParam("builder") String builder, @RestForm String username, @RestForm String admin) {
        boolean added = organisations.putUser(builder, username, admin == null || admin.isEmpty() ? null : Boolean.valueOf(admin));
        return Response.seeOther(page(builder, added ? "added" : "changed")).build();
    }

    @POST
    @Path("remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = REMOVE, where = "username")
    public Response remove(@PathParam("builder") String builder, @RestForm String username) {
        organisations.removeUser(builder, username);
        // someone who removed themselves has no page here any more
        boolean self = username != null && username.strip().equals(user.username()) && !user.hasRole(Roles.OPERATOR);
        return Response.seeOther(self ? URI.create("/builder") : page(builder, "removed")).build();
    }

    private static URI page(String builder, String notice) {
        return Routes.withNotice(Routes.builderUsers(builder), notice);
    }

    /** The page again; what was typed goes back into the add form only. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        Map<String, String> form = PUT.equals(refusal.form()) ? refusal.typedFields("username") : Map.of();
        return Templates.users(page(refusal.path("builder"), null, 1, form, refusal.problems(), null));
    }

    private UsersPage page(String builder, String query, int requested, Map<String, String> form, List<Problem> problems,
            String notice) {
        BuilderOrgService.FoundUsers found = organisations.findUsers(builder, query, requested);
        return new UsersPage(found.org(), found, Paging.query(query), organisations.manages(found.org().id()),
                user.username(), form, problems, notice);
    }
}
