package org.cmoportal.tenant;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.licence.LicenceService;
import org.cmoportal.member.MemberService;
import org.cmoportal.period.PeriodService;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A CMO administrator's home in one tenant; member search answers with the rows alone for htmx. */
@Path("/t/{tenant}/admin")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
@RequestScoped
public class AdminPages {

    static final int MEMBER_PAGE = 50;

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance home(AdminHome home);

        public static native TemplateInstance home$member_rows(AdminHome home);
    }

    static final Map<String, String> NOTICES = Map.of(
            "member-added", "The member was added.",
            "members-imported", "The members were imported.",
            "licence-granted", "The licence was granted.",
            "period-opened", "The period is open: licensed builders can file now.");

    @Inject
    TenantDirectory directory;

    @Inject
    PeriodService periods;

    @Inject
    LicenceService licences;

    @Inject
    MemberService members;

    @GET
    public TemplateInstance home(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        AdminHome home = view(tenant, query, null, List.of(), Map.of(), (notice == null ? null : NOTICES.get(notice)));
        return "member-rows".equals(hxTarget) ? Templates.home$member_rows(home) : Templates.home(home);
    }

    /** The home page again, with the problems of one form and what was typed in it (status 422 or 409). */
    public Response withProblems(String tenant, int status, String form, List<Problem> problems, Map<String, String> values) {
        return Response.status(status).entity(Templates.home(view(tenant, null, form, problems, values, null))).build();
    }

    private AdminHome view(String tenant, String query, String problemsFor, List<Problem> problems,
            Map<String, String> form, String notice) {
        MemberService.Page page = members.search(query, MEMBER_PAGE);
        return new AdminHome(directory.current(tenant), periods.list(), licences.ofTenant(), page.members(),
                page.total(), query == null ? "" : query, problemsFor, problems, form, notice);
    }
}
