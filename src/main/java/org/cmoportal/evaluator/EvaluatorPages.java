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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Roles;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The operator's page for evaluator organisations: register one, affiliate its auditors. */
@Path("/operator/evaluators")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class EvaluatorPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<EvaluatorService.EvaluatorView> evaluators, Map<String, String> form,
                List<Problem> problems, String notice);
    }

    static final Map<String, String> NOTICES = Map.of(
            "created", "The evaluator organisation was registered. Affiliate its auditors below.",
            "affiliated", "The auditor was affiliated.");

    @Inject
    EvaluatorService evaluators;

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        return Templates.list(evaluators.all(), Map.of(), List.of(), notice == null ? null : NOTICES.get(notice));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String slug, @RestForm String name) {
        try {
            evaluators.create(slug, name);
        } catch (DomainException e) {
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("slug", e.getMessage())) : e.problems();
            return Response.status(e.kind().status).entity(Templates.list(evaluators.all(),
                    Map.of("slug", slug == null ? "" : slug, "name", name == null ? "" : name), problems, null)).build();
        }
        return Response.seeOther(Routes.withNotice("/operator/evaluators", "created")).build();
    }

    @POST
    @Path("{evaluator}/users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response affiliate(@PathParam("evaluator") String evaluator, @RestForm String username) {
        try {
            evaluators.affiliate(evaluator, username);
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_FOUND) {
                throw e;
            }
            return Response.status(e.kind().status).entity(Templates.list(evaluators.all(), Map.of(), e.problems(), null)).build();
        }
        return Response.seeOther(Routes.withNotice("/operator/evaluators", "affiliated")).build();
    }
}
