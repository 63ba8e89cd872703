package org.cmoportal.builder;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.filing.FilingService;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.Paging;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Every filing of a builder's organisations with one CMO, a page at a time, searched by model or period. */
@Path("/t/{tenant}/builder/filings")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.LICENSED_BUILDER)
public class BuilderFilingPages {

    /** The page: the CMO, a page of filings and the search. */
    public record View(String tenant, String tenantName, CurrencyUnit currency, List<FilingService.MineRow> rows,
            Paging paging, String query) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance filings(View view);
    }

    @Inject
    FilingService filings;

    @Inject
    TenantDirectory tenants;

    @GET
    public TemplateInstance filings(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page) {
        Tenant t = tenants.get(tenant);
        FilingService.MineFound found = filings.mine(query, Paging.requested(page));
        return Templates.filings(new View(tenant, t.name, CurrencyUnit.of(t.currency), found.rows(), found.paging(),
                Paging.query(query)));
    }
}
