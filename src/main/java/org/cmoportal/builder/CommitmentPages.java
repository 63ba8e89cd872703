package org.cmoportal.builder;

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
import org.cmoportal.verification.CommitmentService;
import org.cmoportal.verification.CrossTenantViews;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A builder's verification page: mixture commitments, and what the checks found on its filings in every CMO. */
@HoldsForms("commitment")
@Path("/builder/verification")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.BUILDER)
public class CommitmentPages implements FormPage {

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
    @ReshowOnRefusal(value = "commitment", where = "commitment")
    public Response commit(@RestForm String model, @RestForm String mixtureSha256, @RestForm String note) {
        commitments.register(new CommitmentService.CommitmentRequest(null, model, mixtureSha256, null, note));
        return Response.seeOther(Routes.withNotice("/builder/verification", "committed")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.page(commitments.mine(), views.builderChecks(), refusal.typedFields("model", "mixtureSha256", "note"),
                refusal.problems(), null);
    }

}
