package org.cmoportal.statement;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
import org.cmoportal.statement.StatementService.Viewer;
import org.cmoportal.web.Paging;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.web.Routes;
import org.cmoportal.tenancy.ReadsReplica;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** An administrator's statements: a period's money flow and payouts, any member's statement, the period's CSV. */
@ReadsReplica
@Path("/t/{tenant}/admin/statements")
@TenantAccess(Party.ADMIN)
public class AdminStatementPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance period(PeriodStatements.Overview o);

        static native TemplateInstance period$statement_rows(PeriodStatements.Overview o);

        static native TemplateInstance none(List<StatementReader.PeriodInfo> periods);

        static native TemplateInstance periods(String tenantId, String tenantName, StatementReader.DistributedPage periods);

        static native TemplateInstance periods$period_rows(String tenantId, StatementReader.DistributedPage periods);
    }

    @Inject
    PeriodStatements periods;

    @Inject
    StatementService statements;

    @Inject
    StatementAccount accounts;

    @Inject
    TenantScope scope;

    @Inject
    org.cmoportal.tenant.TenantDirectory tenants;

    /** The latest distributed period, or a page that says none is distributed yet. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@PathParam("tenant") String tenant) {
        List<StatementReader.PeriodInfo> distributed = periods.distributedPeriods();
        if (distributed.isEmpty()) {
            return Response.ok(Templates.none(distributed)).build();
        }
        return Response.seeOther(URI.create(Routes.periodStatements(tenant, distributed.get(0).label()))).build();
    }

    /** Every distributed period, a page at a time, searched by label; the rows alone for the search's htmx. */
    @GET
    @Path("periods")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance periods(@PathParam("tenant") String tenant, @QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        StatementReader.DistributedPage found = periods.distributed(query, Paging.requested(page));
        return "period-rows".equals(hxTarget) ? Templates.periods$period_rows(tenant, found)
                : Templates.periods(tenant, tenants.get(tenant).name, found);
    }

    @GET
    @Path("periods/{period}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance period(@PathParam("period") String label,
            @QueryParam("q") String query, @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        PeriodStatements.Overview o = periods.overview(label, query, Paging.requested(page));
        return "statement-rows".equals(hxTarget) ? Templates.period$statement_rows(o) : Templates.period(o);
    }

    /** Every statement line of the period in one CSV, streamed. */
    @GET
    @Path("periods/{period}/csv")
    public Response periodCsv(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        periods.requireDistributed(label); // 404 before streaming starts, not half-way through the body
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            scope.run(tenant, () -> periods.exportCsv(label, w));
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"" + CsvExport.fileName("statements", tenant, label) + ".csv\"").build();
    }

    @GET
    @Path("{id: \\d+}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance statement(@PathParam("id") long id, @QueryParam("q") String query,
            @QueryParam(StatementView.LINES_PAGE) String linesPage, @RestHeader("HX-Target") String hxTarget) {
        return StatementPages.statement(accounts, id, Viewer.ADMIN, query, linesPage, hxTarget);
    }

    @GET
    @Path("{id: \\d+}/lines/{line: \\d+}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance trail(@PathParam("id") long id, @PathParam("line") long line,
            @RestHeader("HX-Target") String hxTarget) {
        return StatementPages.trail(statements.trail(id, line, Viewer.ADMIN), hxTarget);
    }

    @GET
    @Path("{id: \\d+}/csv")
    public Response csv(@PathParam("id") long id) {
        return StatementPages.csv(accounts.adjusted(id, Viewer.ADMIN));
    }

    @GET
    @Path("{id: \\d+}/pdf")
    public Response pdf(@PathParam("id") long id) {
        return StatementPages.pdf(accounts.open(id, Viewer.ADMIN));
    }
}
