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

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * For the administrator's review, linked from the period board: every usage ref of a flagged filing that names a
 * member who had opted out of {@code train-ai} in its category before the period was opened, a page at a time.
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
    }

    @Inject
    OptOutFlags flags;

    @Inject
    TenantNames names;

    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @PathParam("period") String period,
            @PathParam("id") long id, @QueryParam("page") String page) {
        return Templates.filingOptOuts(new View(tenant, names.nameOf(tenant).orElse(tenant), period,
                flags.page(period, id, OptOutPages.pageNumber(page))));
    }
}
