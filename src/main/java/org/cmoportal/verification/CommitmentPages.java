package org.cmoportal.verification;

import static org.cmoportal.web.FormValues.typed;

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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Roles;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A builder's verification page: mixture commitments, and what the checks found on its filings in every CMO. */
@Path("/builder/verification")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.BUILDER)
public class CommitmentPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<CommitmentService.CommitmentView> commitments,
                List<CrossTenantViews.BuilderCheck> checks, Map<String, String> form, List<Problem> problems, String notice);
    }

    @Inject
    CommitmentService commitments;

    @Inject
    CrossTenantViews views;

    @GET
    public TemplateInstance page(@QueryParam("notice") String notice) {
        return Templates.page(commitments.mine(), views.builderChecks(), Map.of(), List.of(),
                "committed".equals(notice) ? "The commitment was registered. Filings of this model are checked against it." : null);
    }

    @POST
    @Path("commitments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response commit(@RestForm String model, @RestForm String mixtureSha256, @RestForm String note) {
        try {
            commitments.register(new CommitmentService.CommitmentRequest(null, model, mixtureSha256, null, note));
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_FOUND) {
                throw e;
            }
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("commitment", e.getMessage())) : e.problems();
            return Response.status(e.kind().status).entity(Templates.page(commitments.mine(), views.builderChecks(),
                    Map.of("model", typed(model), "mixtureSha256", typed(mixtureSha256), "note", typed(note)), problems, null)).build();
        }
        return Response.seeOther(Routes.withNotice("/builder/verification", "committed")).build();
    }

}
