package org.cmoportal.home;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.web.Routes;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

/** The landing page, the signed-out page, and the door to each role's home. */
@Path("/")
public class HomeResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance landing();

        static native TemplateInstance signedOut();

        static native TemplateInstance noRole(String username);
    }

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response landing() {
        if (!user.isAnonymous()) {
            return Response.seeOther(URI.create("/home")).build();
        }
        return Response.ok(Templates.landing()).build();
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    /** Sends each person to the home of their widest role; a person with several switches from the menu. */
    @GET
    @Path("home")
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    public Response home() {
        String target = null;
        if (user.hasRole(Roles.OPERATOR)) {
            target = "/operator";
        } else if (user.hasRole(Roles.CMO_ADMIN) && !user.affiliations().adminOf().isEmpty()) {
            target = Routes.adminHome(user.affiliations().adminOf().iterator().next());
        } else if (user.hasRole(Roles.BUILDER)) {
            target = "/builder";
        } else if (user.hasRole(Roles.EVALUATOR)) {
            target = "/evaluator";
        } else if (user.hasRole(Roles.MEMBER)) {
            target = "/member";
        }
        if (target == null) {
            return Response.status(Response.Status.FORBIDDEN).entity(Templates.noRole(user.username())).build();
        }
        return Response.seeOther(URI.create(target)).build();
    }

    /** The evaluator's home was at /auditor: old bookmarks still lead there. */
    @GET
    @Path("auditor")
    @Authenticated
    public Response formerEvaluatorHome() {
        return Response.seeOther(URI.create("/evaluator")).build();
    }
}
