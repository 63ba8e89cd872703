package org.cmoportal.evaluator;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.verification.CrossTenantViews;
import org.cmoportal.verification.CrossTenantViews.AddressedFiling;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** An evaluator's home: their organisation and the filings addressed to it in the CMOs that trust it. */
@Path("/auditor")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.AUDITOR)
public class AuditorHome {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<EvaluatorOrg> organisations, List<AddressedFiling> pending,
                List<AddressedFiling> attested);
    }

    @Inject
    CurrentUser user;

    @Inject
    CrossTenantViews views;

    @GET
    public TemplateInstance home() {
        List<EvaluatorOrg> orgs = QuarkusTransaction.joiningExisting().call(() ->
                user.affiliations().evaluatorIds().stream().map(id -> EvaluatorOrg.<EvaluatorOrg>findById(id)).toList());
        List<AddressedFiling> queue = views.auditorQueue();
        return Templates.home(orgs, queue.stream().filter(f -> !f.attested()).toList(),
                queue.stream().filter(AddressedFiling::attested).toList());
    }
}
