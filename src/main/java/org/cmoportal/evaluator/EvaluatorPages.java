package org.cmoportal.evaluator;

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
 * The operator's pages for evaluator organisations: the organisations a page at a time, searched by name or slug (as
 * typed, the rows alone for htmx), each with how many evaluators it has, and a form to register one; and an
 * organisation's evaluators, likewise a page at a time and searched by username or name, with the form that affiliates
 * another.
 */
@HoldsForms({EvaluatorPages.CREATE, EvaluatorPages.AFFILIATE})
@Path("/operator/evaluators")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class EvaluatorPages implements FormPage {

    static final String CREATE = "evaluator";
    static final String AFFILIATE = "evaluator-user";

    /** The list: a page of organisations, the search, and the state of the registration form. */
    public record View(EvaluatorService.Found found, String query, Map<String, String> form, List<Problem> problems) {
    }

    /** An organisation's evaluators: a page of them, the search, and the state of the affiliation form. */
    public record UsersPage(EvaluatorService.Evaluator evaluator, EvaluatorService.FoundUsers found, String query,
            Map<String, String> form, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(View view);

        static native TemplateInstance list$evaluator_rows(View view);

        static native TemplateInstance users(UsersPage page);

        static native TemplateInstance users$user_rows(UsersPage page);
    }

    static final Map<String, String> NOTICES = Map.of(
            "created", "The evaluator organisation was registered. Affiliate its evaluators below.",
            "affiliated", "The evaluator was affiliated.");

    @Inject
    EvaluatorService evaluators;

    @GET
    public TemplateInstance list(@QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        View view = new View(evaluators.find(query, Paging.requested(page)), Paging.query(query), Map.of(), List.of());
        return "evaluator-rows".equals(hxTarget) ? Templates.list$evaluator_rows(view) : Templates.list(view);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = CREATE, where = "slug")
    public Response create(@RestForm String slug, @RestForm String name) {
        EvaluatorOrg org = evaluators.create(slug, name);
        // what comes next is affiliating its evaluators, on its own page
        return Response.seeOther(Routes.withNotice(Routes.evaluatorUsers(org.slug), "created")).build();
    }

    @GET
    @Path("{evaluator}/users")
    public TemplateInstance users(@PathParam("evaluator") String evaluator, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        UsersPage shown = usersPage(evaluator, query, Paging.requested(page), Map.of(), List.of(),
                notice == null ? null : NOTICES.get(notice));
        return "user-rows".equals(hxTarget) ? Templates.users$user_rows(shown) : Templates.users(shown);
    }

    @POST
    @Path("{evaluator}/users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = AFFILIATE, where = "username")
    public Response affiliate(@PathParam("evaluator") String evaluator, @RestForm String username) {
        evaluators.affiliate(evaluator, username);
        return Response.seeOther(Routes.withNotice(Routes.evaluatorUsers(evaluator), "affiliated")).build();
    }

    /** The page that holds the refused form again; what was typed goes back into that form only. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        if (AFFILIATE.equals(refusal.form())) {
            return Templates.users(usersPage(refusal.path("evaluator"), null, 1, refusal.typedFields("username"),
                    refusal.problems(), null));
        }
        return Templates.list(new View(evaluators.find(null, 1), "", refusal.typedFields("slug", "name"),
                refusal.problems()));
    }

    private UsersPage usersPage(String evaluator, String query, int requested, Map<String, String> form,
            List<Problem> problems, String notice) {
        EvaluatorService.FoundUsers found = evaluators.findUsers(evaluator, query, requested);
        return new UsersPage(found.evaluator(), found, Paging.query(query), form, problems, notice);
    }
}
