package org.cmoportal.preference;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * For the administrator's review, linked from the period board: every usage ref of a flagged filing that names a
 * member who had opted out of {@code train-ai} in its category before the period was opened, a page at a time,
 * searched by usage ref or member ref.
 */
@Path("/t/{tenant}/admin/periods/{period}/filings/{id}/opt-outs")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class FilingOptOutPages {

    /** The page: the period and filing it is about, the CMO's name, one page of refs. */
    public record View(String tenant, String tenantName, String period, OptOutFlags.Page flags) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance filingOptOuts(View view);

        static native TemplateInstance filingOptOuts$flagged_rows(View view);
    }

    @Inject
    OptOutFlags flags;

    @Inject
    TenantNames names;

    /** The refs alone when the search box asks (htmx, {@code HX-Target: flagged-rows}), the whole page otherwise. */
    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @PathParam("period") String period,
            @PathParam("id") long id, @QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        View view = new View(tenant, names.nameOf(tenant).orElse(tenant), period, flags.page(period, id, query, Paging.requested(page)));
        return "flagged-rows".equals(hxTarget) ? Templates.filingOptOuts$flagged_rows(view) : Templates.filingOptOuts(view);
    }
}
