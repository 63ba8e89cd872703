package org.cmoportal.statement;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.Writer;
import java.util.List;

import org.cmoportal.csv.CsvTable;
import org.cmoportal.money.Amounts;

/** The statement CSVs (api.md): a member's lines, written the same way for one statement and for a whole period. */
public final class CsvExport {

    static final List<String> MEMBER_HEADER = List.of("tenant", "period", "member_ref", "builder", "model", "category",
            "units", "category_units", "amount", "currency");
    public static final List<String> BUILDER_HEADER = List.of("tenant", "period", "builder", "filing_id", "model", "category",
            "weight", "pool", "amount_owed", "currency");

    private CsvExport() {
    }

    /** Member statement lines of one tenant's period, in the caller's order. */
    static final class MemberLines {

        private final CsvTable table;
        private final CsvTable.Cell tenant;
        private final CsvTable.Cell period;
        private final CsvTable.Cell currency;

        MemberLines(Writer out, String tenant, String period, String currency) {
            this.table = CsvTable.start(out, MEMBER_HEADER);
            this.tenant = text(tenant);
            this.period = text(period);
            this.currency = text(currency);
        }

        /** One line; {@code amount} as {@link Amounts#format} writes it. */
        MemberLines line(String ref, String builder, String model, String category, long units, long categoryUnits, String amount) {
            table.row(tenant, period, text(ref), text(builder), text(model), text(category), figure(units), figure(categoryUnits),
                    figure(amount), currency);
            return this;
        }

        void flush() {
            table.flush();
        }
    }

    /** The lines of one member statement. */
    static void statement(StatementView view, Writer out) {
        StatementHeader h = view.head();
        MemberLines csv = new MemberLines(out, h.tenantId(), h.periodLabel(), h.currency().code());
        for (StatementRow l : view.lines()) {
            csv.line(h.ref(), l.builder(), l.model(), l.category(), l.units(), l.categoryUnits(), Amounts.format(l.amount(), h.currency()));
        }
        csv.flush();
    }

    static final List<String> ADJUSTMENT_HEADER = List.of("tenant", "period", "member_ref", "adjustment_id", "what", "before",
            "after", "amount", "reason", "currency");

    /**
     * A statement's adjustments section, after its lines: a blank line, then a table of its own (the lines' columns do
     * not fit a correction). Nothing at all when none landed, so a statement without adjustments is one table.
     */
    static void adjustments(Writer out, String tenant, String period, String ref, String currency,
            List<StatementApi.AdjustmentJson> adjustments) {
        if (adjustments.isEmpty()) {
            return;
        }
        try {
            out.write("\r\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CsvTable table = CsvTable.start(out, ADJUSTMENT_HEADER);
        for (StatementApi.AdjustmentJson a : adjustments) {
            table.row(text(tenant), text(period), text(ref), figure(a.id()), text(a.what()), figure(a.before()), figure(a.after()),
                    figure(a.amount()), text(a.reason()), text(currency));
        }
        table.flush();
    }

    static final List<String> ARCHIVED_HEADER = List.of("tenant", "period", "member_ref", "archived_on", "total", "currency", "note");

    /**
     * When the period's lines were archived (ops/archive-period.sh), a section after the (empty) lines that says so, with
     * the statement's total and where the lines are, in the statement page's words ({@link ArchivedLines}): an empty table alone would read as
     * a period in which no builder reported the member's usage. Nothing while the lines are here.
     */
    static void archived(Writer out, String tenant, String period, String ref, String archivedOn, String total, String currency,
            String cmoName) {
        if (archivedOn == null) {
            return;
        }
        try {
            out.write("\r\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CsvTable table = CsvTable.start(out, ARCHIVED_HEADER);
        table.row(text(tenant), text(period), text(ref), text(archivedOn), figure(total), text(currency),
                text(ArchivedLines.note(period, cmoName).on(archivedOn)));
        table.flush();
    }

    /** A file name safe for Content-Disposition: letters, digits, dot, dash, underscore. */
    public static String fileName(String... parts) {
        return String.join("-", parts).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
