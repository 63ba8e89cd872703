package org.cmoportal.tenant;

import static org.cmoportal.web.FormValues.typed;

import java.util.ArrayList;
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
import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The operator's pages: every tenant, a form to create one, and naming administrators. */
@Path("/operator")
@Produces(MediaType.TEXT_HTML)
public class OperatorPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<TenantView> tenants, Map<String, String> form, List<Problem> problems,
                String notice);
    }

    static final Map<String, String> NOTICES = Map.of(
            "tenant-created", "The tenant was created. Name its administrators below.",
            "admin-named", "The administrator was added.");

    @Inject
    TenantService tenants;

    @Inject
    TenantDirectory directory;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    public TemplateInstance home(@QueryParam("notice") String notice) {
        return Templates.home(directory.all(), Map.of("currency", "USD", "adminFeeRate", "0.10", "shareMin", "0.20",
                "shareMax", "0.50"), List.of(), (notice == null ? null : NOTICES.get(notice)));
    }

    @POST
    @Path("tenants")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String slug, @RestForm String name, @RestForm String currency,
            @RestForm String adminFeeRate, @RestForm String shareMin, @RestForm String shareMax,
            @RestForm String categories) {
        Map<String, String> form = new java.util.HashMap<>();
        form.put("slug", typed(slug));
        form.put("name", typed(name));
        form.put("currency", typed(currency));
        form.put("adminFeeRate", typed(adminFeeRate));
        form.put("shareMin", typed(shareMin));
        form.put("shareMax", typed(shareMax));
        form.put("categories", typed(categories));
        try {
            tenants.create(new TenantSetup(slug, name, currency, adminFeeRate,
                    new TenantSetup.ShareBand(shareMin, shareMax), parseCategories(categories)));
        } catch (DomainException e) {
            List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem("tenant", e.getMessage())) : e.problems();
            return Response.status(e.kind().status).entity(Templates.home(directory.all(), form, problems, null)).build();
        }
        return Response.seeOther(Routes.withNotice("/operator", "tenant-created")).build();
    }

    @POST
    @Path("tenants/{tenant}/admins")
    @TenantAccess(Party.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response nameAdmin(@PathParam("tenant") String tenant, @RestForm String username) {
        tenants.nameAdmin(tenant, username);
        return Response.seeOther(Routes.withNotice("/operator", "admin-named")).build();
    }

    /** One category per line: {@code key, name, rule} (name and rule optional). */
    static List<TenantSetup.CategorySetup> parseCategories(String text) {
        List<TenantSetup.CategorySetup> list = new ArrayList<>();
        if (text == null) {
            return list;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",", 3);
            list.add(new TenantSetup.CategorySetup(parts[0].strip(), parts.length > 1 ? parts[1].strip() : null,
                    parts.length > 2 ? parts[2].strip() : null));
        }
        return list;
    }

}
