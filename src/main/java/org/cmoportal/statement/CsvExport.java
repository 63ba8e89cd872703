package org.cmoportal.statement;

import java.io.Writer;
import java.util.List;

import de.siegmar.fastcsv.writer.CsvWriter;

/**
 * RFC 4180 CSV for statements, with every text cell that a spreadsheet would read as a formula
 * (starting with =, +, -, @, tab or carriage return) neutralised by a leading apostrophe.
 */
public final class CsvExport {

    public static final String MEMBER_HEADER = "tenant,period,member_ref,builder,model,category,units,category_units,amount,currency";
    public static final String BUILDER_HEADER = "tenant,period,builder,filing_id,model,category,weight,pool,amount_owed,currency";

    private final CsvWriter csv;

    public CsvExport(Writer out) {
        this.csv = CsvWriter.builder().build(out);
    }

    /** A cell of free text (refs, names, models, labels): safe to open in a spreadsheet. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
    }

    public CsvExport header(String header) {
        csv.writeRecord(header.split(","));
        return this;
    }

    public CsvExport row(List<String> cells) {
        csv.writeRecord(cells);
        return this;
    }

    public void flush() {
        try {
            csv.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The lines of one member statement. */
    public static void statement(StatementView view, Writer out) {
        CsvExport csv = new CsvExport(out).header(MEMBER_HEADER);
        StatementHeader h = view.head();
        for (StatementRow l : view.lines()) {
            csv.row(List.of(text(h.tenantId()), text(h.periodLabel()), text(h.ref()), text(l.builder()), text(l.model()),
                    text(l.category()), Long.toString(l.units()), Long.toString(l.categoryUnits()),
                    org.cmoportal.money.Amounts.format(l.amount(), h.currency()), h.currency().code()));
        }
        csv.flush();
    }

    /** A file name safe for Content-Disposition: letters, digits, dot, dash, underscore. */
    public static String fileName(String... parts) {
        return String.join("-", parts).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
