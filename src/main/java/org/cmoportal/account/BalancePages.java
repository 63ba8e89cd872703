package org.cmoportal.account;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenancy.ReadsReplica;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrator's balance report: every member with their balance, a page at a time, searchable, and as CSV. */
@ReadsReplica
@Path("/t/{tenant}/admin/balances")
@TenantAccess(Party.ADMIN)
public class BalancePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(BalanceReport.Page report);

        static native TemplateInstance report$balance_rows(BalanceReport.Page report);
    }

    @Inject
    BalanceReport balances;

    @Inject
    TenantScope scope;

    /** The rows alone when the search box asks (htmx, {@code HX-Target: balance-rows}), the whole page otherwise. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance report(@QueryParam("q") String query, @QueryParam("order") String order,
            @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        BalanceReport.Page report = balances.page(query, BalanceReport.Order.of(order), Paging.requested(page));
        return "balance-rows".equals(hxTarget) ? Templates.report$balance_rows(report) : Templates.report(report);
    }

    /** Every matching member in the report's order, streamed. */
    @GET
    @Path("csv")
    public Response csv(@PathParam("tenant") String tenant, @QueryParam("q") String query, @QueryParam("order") String order) {
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            scope.run(tenant, () -> balances.csv(query, BalanceReport.Order.of(order), w));
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"balances-" + tenant + ".csv\"").build();
    }
}
