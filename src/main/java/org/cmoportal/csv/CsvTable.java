package org.cmoportal.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * The one CSV writer of the portal (payout file, statements, what a builder owes): RFC 4180 with CRLF, and no cell a
 * person typed can run as a formula in a spreadsheet. Cells are typed, since only the caller knows what a value is.
 */
public final class CsvTable {

    /** A cell as it will be written. */
    public static final class Cell {

        private final String value;

        private Cell(String value) {
            this.value = value;
        }

        /** The cell's content before RFC 4180 quoting. */
        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final CsvWriter csv;
    private final int columns;

    private CsvTable(Writer out, List<String> header) {
        this.csv = CsvWriter.builder().fieldSeparator(',').quoteCharacter('"').lineDelimiter(LineDelimiter.CRLF).build(out);
        this.columns = header.size();
        csv.writeRecord(header.stream().map(h -> text(h).value).toList());
    }

    /** Starts a table on {@code out} by writing its header line. */
    public static CsvTable start(Writer out, List<String> header) {
        return new CsvTable(out, header);
    }

    /**
     * Text a person typed or chose (names, refs, models, labels); empty for null. One that starts with = + - @, a tab
     * or a carriage return gets a leading apostrophe, which spreadsheets read as "this is text".
     */
    public static Cell text(String value) {
        if (value == null || value.isEmpty()) {
            return new Cell("");
        }
        char c = value.charAt(0);
        boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return new Cell(formula ? "'" + value : value);
    }

    /**
     * A plain decimal the portal formatted (an amount, a rate), written as it is so a negative amount stays a number.
     * Anything else is refused, so that text cannot get past the neutralising by being called a figure.
     */
    public static Cell figure(String decimal) {
        if (decimal == null || !DECIMAL.matcher(decimal).matches()) {
            throw new IllegalArgumentException("not a plain decimal: " + decimal);
        }
        return new Cell(decimal);
    }

    /** A whole number (units, ids). */
    public static Cell figure(long number) {
        return new Cell(Long.toString(number));
    }

    /** Writes one record; it must have as many cells as the header. */
    public CsvTable row(Cell... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns + " columns");
        }
        String[] values = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            values[i] = cells[i].value;
        }
        csv.writeRecord(values);
        return this;
    }

    /** Hands what was written to the underlying writer (which the caller still owns and closes). */
    public void flush() {
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
