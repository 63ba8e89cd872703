package org.cmoportal.organisation;

import java.util.List;
import java.util.Map;

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

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Roles;
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
 * The operator's page for builder organisations: the organisations a page at a time, searched by name or slug (as
 * typed, the rows alone for htmx), each with its administrators and how many users it has, and a form to create one.
 */
@HoldsForms(BuilderOrgPages.CREATE)
@Path("/operator/builders")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class BuilderOrgPages implements FormPage {

    static final String CREATE = "builder-organisation";

    /** The page: a page of organisations, the search, and the state of the form. */
    public record View(BuilderOrgService.Found found, String query, Map<String, String> form, List<Problem> problems,
            String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(View view);

        static native TemplateInstance list$builder_rows(View view);
    }

    static final Map<String, String> NOTICES = Map.of(
            "created", "The organisation was created. Its administrator adds its other users; a CMO licenses it by its slug.");

    @Inject
    BuilderOrgService organisations;

    @GET
    public TemplateInstance list(@QueryParam("q") String query, @QueryParam("page") String page,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View view = new View(organisations.find(query, Paging.requested(page)), Paging.query(query), Map.of(), List.of(),
                notice == null ? null : NOTICES.get(notice));
        return "builder-rows".equals(hxTarget) ? Templates.list$builder_rows(view) : Templates.list(view);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = CREATE, where = "slug")
    public Response create(@RestForm String slug, @RestForm String name, @RestForm String admin) {
        organisations.create(slug, name, admin);
        return Response.seeOther(Routes.withNotice("/operator/builders", "created")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.list(new View(organisations.find(null, 1), "", refusal.typedFields("slug", "name", "admin"),
                refusal.problems(), null));
    }
}
