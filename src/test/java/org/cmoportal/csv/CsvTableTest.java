package org.cmoportal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Text cells that a spreadsheet would run as a formula are neutralised; the rest is left as it is; all is RFC 4180. */
class CsvTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "=", "-"})
    void formulaStartsGetAnApostrophe(String cell) {
        assertThat(text(cell).value()).isEqualTo("'" + cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Acme AI", "2026-Q3", "zoë", " =not first", "a=b", "'quoted"})
    void otherTextIsUnchanged(String cell) {
        assertThat(text(cell).value()).isEqualTo(cell);
    }

    @Test
    void cellsWithSeparatorsQuotesAndLineBreaksAreQuoted() {
        StringWriter out = new StringWriter();
        CsvTable.start(out, List.of("a", "b")).row(text("=1,2"), text("say \"hi\"\nthere")).flush();
        assertThat(out.toString()).isEqualTo("a,b\r\n\"'=1,2\",\"say \"\"hi\"\"\nthere\"\r\n");
    }

    @Test
    void nullAndEmptyAreEmpty() {
        assertThat(text(null).value()).isEmpty();
        assertThat(text("").value()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "56250.00", "-1.05", "0.25", "1000000"})
    void figuresAreWrittenAsTheyAreEvenWhenNegative(String decimal) {
        assertThat(figure(decimal).value()).isEqualTo(decimal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "=1+1", "+1", "1e5", "1,000.00", " 1", "1.", ".5", "@1"})
    void textCannotPassAsAFigure(String notAFigure) {
        assertThatThrownBy(() -> figure(notAFigure)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRowMustFitTheHeader() {
        CsvTable csv = CsvTable.start(new StringWriter(), List.of("a", "b"));
        assertThatThrownBy(() -> csv.row(text("only one"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells in a table of 2 columns");
    }

    /** Any text at all, through an RFC 4180 reader written from the RFC, comes back as its neutralised self. */
    @Property(tries = 5_000)
    void anyTextRoundTripsToItsNeutralisedValue(@ForAll("anyText") String first, @ForAll("anyText") String last,
            @ForAll long number) {
        StringWriter out = new StringWriter();
        CsvTable.start(out, List.of("first", "number", "last")).row(text(first), figure(number), text(last)).flush();
        assertThat(Rfc4180.parse(out.toString())).containsExactly(List.of("first", "number", "last"),
                List.of(neutralised(first), Long.toString(number), neutralised(last)));
    }

    @Provide
    Arbitrary<String> anyText() {
        // weighted towards what matters here: formula starts, separators, quotes, line breaks, control characters
        Arbitrary<Character> tricky = Arbitraries.of('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', '\'', ' ', '#', '\u0001');
        Arbitrary<Character> any = Arbitraries.chars();
        return Arbitraries.frequencyOf(Tuple.of(1, tricky), Tuple.of(1, any))
                .list().ofMaxSize(12).map(cs -> {
                    StringBuilder b = new StringBuilder();
                    cs.forEach(b::append);
                    return b.toString();
                });
    }

    /** The rule, restated: a cell a spreadsheet would run gets a leading apostrophe. */
    private static String neutralised(String s) {
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
}
