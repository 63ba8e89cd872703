package org.cmoportal.home;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.evaluator.EvaluatorService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.verification.CrossTenantViews;
import org.cmoportal.verification.CrossTenantViews.AddressedFiling;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** An evaluator's home: their organisation and the filings addressed to it in the CMOs that trust it. */
@Path("/evaluator")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.EVALUATOR)
public class EvaluatorHome {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<EvaluatorOrg> organisations, List<AddressedFiling> pending,
                List<AddressedFiling> attested);
    }

    @Inject
    CurrentUser user;

    @Inject
    EvaluatorService evaluators;

    @Inject
    CrossTenantViews views;

    @GET
    public TemplateInstance home() {
        List<EvaluatorOrg> orgs = evaluators.withIds(user.affiliations().evaluatorIds());
        List<AddressedFiling> queue = views.evaluatorQueue();
        return Templates.home(orgs, queue.stream().filter(f -> !f.attested()).toList(),
                queue.stream().filter(AddressedFiling::attested).toList());
    }
}
