package org.cmoportal.organisation;

import java.util.List;
import java.util.Map;

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
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrator's licences page: the builders licensed to file, searched by slug or name, and the licence form. */
@HoldsForms(LicencePages.FORM)
@Path("/t/{tenant}/admin/licences")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class LicencePages implements FormPage {

    static final String FORM = "licences";

    /** The page: a page of licences, the search, and the form's state after a refusal. */
    public record View(String tenant, String tenantName, LicenceService.Found found, String query, List<Problem> problems,
            Map<String, String> form, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance licences(View view);
    }

    @Inject
    LicenceService licences;

    @Inject
    TenantNames names;

    @GET
    public TemplateInstance licences(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("notice") String notice) {
        return Templates.licences(view(tenant, query, Paging.requested(page), List.of(), Map.of(),
                "licence-granted".equals(notice) ? "The licence was granted." : null));
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.licences(view(refusal.path("tenant"), null, 1, refusal.problems(), refusal.typedFields("builder"), null));
    }

    private View view(String tenant, String query, int page, List<Problem> problems, Map<String, String> form, String notice) {
        return new View(tenant, names.nameOf(tenant).orElse(tenant), licences.find(query, page), Paging.query(query), problems,
                form, notice);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = FORM, where = "builder")
    public Response grant(@PathParam("tenant") String tenant, @RestForm String builder) {
        licences.grant(builder);
        return Response.seeOther(Routes.withNotice(Routes.licences(tenant), "licence-granted")).build();
    }
}
