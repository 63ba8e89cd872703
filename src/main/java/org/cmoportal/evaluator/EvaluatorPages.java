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
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The operator's page for evaluator organisations: register one, affiliate its users. */
@HoldsForms({EvaluatorPages.CREATE, EvaluatorPages.AFFILIATE})
@Path("/operator/evaluators")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class EvaluatorPages implements FormPage {

    static final String CREATE = "evaluator";
    static final String AFFILIATE = "evaluator-user";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<EvaluatorService.EvaluatorView> evaluators, Map<String, String> form,
                List<Problem> problems, String notice);
    }

    static final Map<String, String> NOTICES = Map.of(
            "created", "The evaluator organisation was registered. Affiliate its evaluators below.",
            "affiliated", "The evaluator was affiliated.");

    @Inject
    EvaluatorService evaluators;

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        return Templates.list(evaluators.all(), Map.of(), List.of(), notice == null ? null : NOTICES.get(notice));
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
        Map<String, String> form = CREATE.equals(refusal.form()) ? refusal.typedFields("slug", "name") : Map.of();
        return Templates.list(evaluators.all(), form, refusal.problems(), null);
    }
}
