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
 * The operator's page for evaluator organisations: the organisations a page at a time, searched by name or slug (as
 * typed, the rows alone for htmx); register one, affiliate its users.
 */
@HoldsForms({EvaluatorPages.CREATE, EvaluatorPages.AFFILIATE})
@Path("/operator/evaluators")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class EvaluatorPages implements FormPage {

    static final String CREATE = "evaluator";
    static final String AFFILIATE = "evaluator-user";

    /**
     * The page: a page of organisations, the search, and the state of the forms ({@code problemsFor} names the refused
     * one, and for an affiliation {@code refusedFor} the organisation whose row shows the problems).
     */
    public record View(EvaluatorService.Found found, String query, String problemsFor, String refusedFor,
            Map<String, String> form, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(View view);

        static native TemplateInstance list$evaluator_rows(View view);
    }

    static final Map<String, String> NOTICES = Map.of(
            "created", "The evaluator organisation was registered. Affiliate its evaluators below.",
            "affiliated", "The evaluator was affiliated.");

    @Inject
    EvaluatorService evaluators;

    @GET
    public TemplateInstance list(@QueryParam("q") String query, @QueryParam("page") String page,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View view = new View(evaluators.find(query, Paging.requested(page)), Paging.query(query), null, null, Map.of(),
                List.of(), notice == null ? null : NOTICES.get(notice));
        return "evaluator-rows".equals(hxTarget) ? Templates.list$evaluator_rows(view) : Templates.list(view);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = CREATE, where = "slug")
    public Response create(@RestForm String slug, @RestForm String name) {
        evaluators.create(slug, name);
        return Response.seeOther(Routes.withNotice("/operator/evaluators", "created")).build();
    }

    @POST
    @Path("{evaluator}/users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = AFFILIATE, where = "username")
    public Response affiliate(@PathParam("evaluator") String evaluator, @RestForm String username) {
        evaluators.affiliate(evaluator, username);
        return Response.seeOther(Routes.withNotice("/operator/evaluators", "affiliated")).build();
    }

    /** The list again; what was typed goes back into the registration form only. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        if (AFFILIATE.equals(refusal.form())) {
            // the organisation's row shows the problems: the list searched for it, so the row is on the page
            String evaluator = refusal.path("evaluator");
            return Templates.list(new View(evaluators.find(evaluator, 1), Paging.query(evaluator), AFFILIATE, evaluator,
                    refusal.typedFields("username"), refusal.problems(), null));
        }
        return Templates.list(new View(evaluators.find(null, 1), "", CREATE, null, refusal.typedFields("slug", "name"),
                refusal.problems(), null));
    }
}
