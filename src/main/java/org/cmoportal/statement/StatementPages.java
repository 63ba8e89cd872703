package org.cmoportal.statement;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.List;

import org.cmoportal.account.AccountSummary;
import org.cmoportal.account.Adjustments;
import org.cmoportal.money.Amounts;
import org.cmoportal.statement.StatementService.Viewer;
import org.cmoportal.web.Paging;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

/** The statement page, its calculation trail and its exports, shared by the member's and the administrator's routes. */
public final class StatementPages {

    private StatementPages() {
    }

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance statement(StatementView view, AccountSummary.View account,
                List<Adjustments.Shown> adjustments, RawString linesHtml, RawString chartsHtml, RawString bodyHtml);

        /** Everything under the page's title: what {@link RenderedParts#body} keeps. */
        public static native TemplateInstance statement$body(StatementView view, AccountSummary.View account,
                List<Adjustments.Shown> adjustments, RawString linesHtml, RawString chartsHtml);

        /** The page's table of lines; {@code linesHtml} is that table as rendered before, or null to render it. */
        public static native TemplateInstance statement$line_rows(StatementView view, RawString linesHtml);

        /** The statement's charts; {@code chartsHtml} as rendered before, or null to render them. */
        public static native TemplateInstance statement$charts(StatementView view, RawString chartsHtml);

        public static native TemplateInstance trail(StatementService.LineTrail lt);

        public static native TemplateInstance trail$steps(StatementService.LineTrail lt);

        public static native TemplateInstance how(StatementService.Explained ex);

        public static native TemplateInstance pdf(StatementView view, AccountSummary.View account,
                List<Adjustments.Shown> adjustments);
    }

    /**
     * The trail alone when htmx swaps it under its line on the statement page (which targets {@code trail-<line>}),
     * the whole page for anything else: a plain request, a reload, a boosted link.
     */
    static TemplateInstance trail(StatementService.LineTrail lt, String hxTarget) {
        return ("trail-" + lt.line().id()).equals(hxTarget) ? Templates.trail$steps(lt) : Templates.trail(lt);
    }

    static Response csv(StatementAccount.Adjusted adjusted) {
        StatementView view = adjusted.view();
        StatementHeader h = view.head();
        List<StatementApi.AdjustmentJson> adjustments = adjusted.adjustments().stream()
                .map(a -> StatementApi.AdjustmentJson.of(a, h.currency())).toList();
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CsvExport.statement(view, w);
            CsvExport.archived(w, h.tenantId(), h.periodLabel(), h.ref(), h.archivedOn(), Amounts.format(h.total(), h.currency()),
                    h.currency().code(), h.tenantName());
            CsvExport.adjustments(w, h.tenantId(), h.periodLabel(), h.ref(), h.currency().code(), adjustments);
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName(view, "csv") + "\"").build();
    }

    /** The id of the element that holds the page's lines, their search's htmx target. */
    static final String LINE_ROWS = "line-rows";

    /**
     * The statement pages' parts that cannot change and their bodies, as rendered: at most a thousand parts and
     * 8,000,000 characters of them, and as many bodies (8 to 16 MB each; a page of fifty lines is about 38,000
     * characters, its body some 45,000, a statement's charts a few thousand). Replaced by tests only, to compare with
     * pages rendered in place.
     */
    static volatile RenderedParts renderedParts = new RenderedParts(1_000, 8_000_000);

    /**
     * The page of statement {@code id} as {@code viewer} may see it, or its table of lines alone when the lines' search
     * asks for them through htmx (then the account, which the table does not show, is not read).
     */
    static TemplateInstance statement(StatementAccount accounts, long id, Viewer viewer, String query, String linesPage,
            String hxTarget) {
        if (LINE_ROWS.equals(hxTarget)) {
            StatementView view = accounts.lines(id, viewer, query, Paging.requested(linesPage));
            return Templates.statement$line_rows(view, linesHtml(renderedParts, view));
        }
        RenderedParts kept = renderedParts;
        return statement(kept, accounts.open(id, viewer, query, Paging.requested(linesPage), kept::keptBody));
    }

    /**
     * The whole page: its body as kept when the page was opened (then the account was not read), else rendered now
     * from the table and charts as kept (which a kept body holds already, so they are looked up only when it is not)
     * and kept for the next request.
     */
    private static TemplateInstance statement(RenderedParts kept, StatementAccount.Page page) {
        StatementView view = page.view();
        if (page.keptBody() != null) {
            return Templates.statement(view, null, null, null, null, page.keptBody());
        }
        RawString bodyHtml = kept.body(view, () -> Templates.statement$body(view, page.account(), page.adjustments(),
                linesHtml(kept, view), chartsHtml(kept, view)).render());
        return bodyHtml != null ? Templates.statement(view, page.account(), page.adjustments(), null, null, bodyHtml)
                : Templates.statement(view, page.account(), page.adjustments(), linesHtml(kept, view), chartsHtml(kept, view), null);
    }

    /** The page's table of lines as kept, or null where it is not kept (the template renders it in place). */
    private static RawString linesHtml(RenderedParts kept, StatementView view) {
        return kept.lines(view, () -> Templates.statement$line_rows(view, null).render());
    }

    /** The page's charts as kept, or null where they are not. */
    private static RawString chartsHtml(RenderedParts kept, StatementView view) {
        return kept.charts(view, () -> Templates.statement$charts(view, null).render());
    }

    static Response pdf(StatementAccount.Page page) {
        StatementView view = page.view();
        byte[] pdf = PdfRenderer.render(Templates.pdf(view, page.account(), page.adjustments()).render(), "statement " + view.head().id());
        return Response.ok(pdf, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"" + fileName(view, "pdf") + "\"").build();
    }

    static String fileName(StatementView view, String extension) {
        StatementHeader h = view.head();
        return CsvExport.fileName("statement", h.tenantId(), h.periodLabel(), h.ref()) + "." + extension;
    }
}
