package org.cmoportal.builder;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

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

import org.cmoportal.csv.CsvTable;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.statement.BuilderStatements;
import org.cmoportal.statement.CsvExport;
import org.cmoportal.statement.FilingRecord;
import org.cmoportal.statement.PdfRenderer;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A builder's statements with one CMO: what their organisation owes per period, model and category. */
@Path("/t/{tenant}/builder/statements")
@TenantAccess(Party.LICENSED_BUILDER)
public class BuilderStatementPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(String tenantId, BuilderStatements.Periods periods);

        static native TemplateInstance index$period_rows(String tenantId, BuilderStatements.Periods periods);

        static native TemplateInstance statement(BuilderStatements.View view);

        static native TemplateInstance trail(BuilderStatements.FilingTrail ft);

        static native TemplateInstance trail$steps(BuilderStatements.FilingTrail ft);

        static native TemplateInstance pdf(BuilderStatements.View view);
    }

    @Inject
    BuilderStatements statements;

    /** The periods a page at a time, or the rows alone when the search's htmx asks for them ({@code HX-Target: period-rows}). */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        BuilderStatements.Periods periods = statements.periods(query, Paging.requested(page));
        return "period-rows".equals(hxTarget) ? Templates.index$period_rows(tenant, periods) : Templates.index(tenant, periods);
    }

    @GET
    @Path("{period}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance statement(@PathParam("period") String label) {
        return Templates.statement(statements.statement(label));
    }

    /** The trail alone when htmx swaps it under its filing on the statement page, the whole page otherwise. */
    @GET
    @Path("{period}/filings/{filing: \\d+}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance trail(@PathParam("period") String label,
            @PathParam("filing") long filing, @RestHeader("HX-Target") String hxTarget) {
        BuilderStatements.FilingTrail ft = statements.trail(label, filing);
        return ("trail-" + filing).equals(hxTarget) ? Templates.trail$steps(ft) : Templates.trail(ft);
    }

    @GET
    @Path("{period}/csv")
    public Response csv(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        BuilderStatements.View view = statements.statement(label);
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CsvTable csv = CsvTable.start(w, CsvExport.BUILDER_HEADER);
            for (BuilderStatements.Owed o : view.filings()) {
                for (FilingRecord.CategoryRecord c : o.categories()) {
                    csv.row(text(view.tenantId()), text(view.period().label()), text(o.filing().builder()), figure(o.filing().id()),
                            text(o.filing().model()), text(c.key()), figure(c.weight().toString()),
                            figure(Amounts.format(o.filing().pool(), view.currency())), figure(Amounts.format(c.amount(), view.currency())),
                            text(view.currency().code()));
                }
            }
            csv.flush();
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"" + CsvExport.fileName("owed", tenant, label) + ".csv\"").build();
    }

    @GET
    @Path("{period}/pdf")
    public Response pdf(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        BuilderStatements.View view = statements.statement(label);
        byte[] pdf = PdfRenderer.render(Templates.pdf(view).render(), "the statement of " + label);
        return Response.ok(pdf, "application/pdf").header("Content-Disposition",
                "attachment; filename=\"" + CsvExport.fileName("owed", tenant, label) + ".pdf\"").build();
    }
}
