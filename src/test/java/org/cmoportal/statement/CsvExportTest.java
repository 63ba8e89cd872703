package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text cells that a spreadsheet would run as a formula are neutralised; the rest is left as it is. */
class CsvExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "=", "-"})
    void formulaStartsGetAnApostrophe(String cell) {
        assertThat(CsvExport.text(cell)).isEqualTo("'" + cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Acme AI", "2026-Q3", "zoë", " =not first", "a=b", "'quoted"})
    void otherTextIsUnchanged(String cell) {
        assertThat(CsvExport.text(cell)).isEqualTo(cell);
    }

    @Test
    void cellsWithSeparatorsQuotesAndLineBreaksAreQuoted() {
        StringWriter out = new StringWriter();
        new CsvExport(out).header("a,b").row(List.of(CsvExport.text("=1,2"), "say \"hi\"\nthere")).flush();
        assertThat(out.toString()).isEqualTo("a,b\r\n\"'=1,2\",\"say \"\"hi\"\"\nthere\"\r\n");
    }

    @Test
    void nullAndEmptyAreEmpty() {
        assertThat(CsvExport.text(null)).isEmpty();
        assertThat(CsvExport.text("")).isEmpty();
    }
}
