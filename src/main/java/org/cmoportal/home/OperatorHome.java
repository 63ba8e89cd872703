package org.cmoportal.home;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Roles;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The operator's home: the tenants a page at a time, searched by slug or name, a form to create one, and naming
 * administrators (their POSTs: {@code tenant/TenantPages}).
 */
@HoldsForms("tenant")
@Path("/operator")
@Produces(MediaType.TEXT_HTML)
public class OperatorHome implements FormPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(TenantDirectory.Found found, String query, Map<String, String> form,
                List<Problem> problems, String notice);
    }

    static final Map<String, String> NOTICES = Map.of(
            "tenant-created", "The tenant was created. Name its administrators below.",
            "admin-named", "The administrator was added.");

    @Inject
    TenantDirectory directory;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    public TemplateInstance home(@QueryParam("notice") String notice, @QueryParam("q") String query,
            @QueryParam("page") String page) {
        return Templates.home(directory.find(query, Paging.requested(page)), Paging.query(query), Map.of("currency", "USD", "adminFeeRate", "0.10", "shareMin", "0.20",
                "shareMax", "0.50"), List.of(), (notice == null ? null : NOTICES.get(notice)));
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.home(directory.find(null, 1), "", refusal.typedFields("slug", "name", "currency", "adminFeeRate", "shareMin",
                "shareMax", "categories"), refusal.problems(), null);
    }
}
