package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.cmoportal.error.Problem;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The usage reader alone: what it accepts, what it refuses and with which words, and what it passes on. */
class UsageCsvReaderTest {

    record Line(String category, String ref, long units) {
    }

    final List<Line> received = new ArrayList<>();

    UsageCsvReader.Result read(byte[] bytes) throws IOException {
        UsageCsvReader reader = new UsageCsvReader(List.of("books", "news"), "Press & News Guild", 5);
        return reader.read(new ByteArrayInputStream(bytes), (category, ref, offset, length, units) ->
                received.add(new Line(List.of("books", "news").get(category), new String(ref, offset, length, StandardCharsets.UTF_8), units)));
    }

    UsageCsvReader.Result read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsLinesSumsUnitsAndHashesTheRawBytes() throws Exception {
        String text = "category,member_ref,units\nnews,alice,3\nbooks,\"b,\"\"ob\"\"\",2\nnews,zoë,4\n\nnews,alice,1";
        UsageCsvReader.Result r = read(text);
        assertThat(r.problems()).isEmpty();
        assertThat(r.lines()).isEqualTo(4);
        assertThat(r.unitsByCategory()).containsEntry("news", 8L).containsEntry("books", 2L);
        assertThat(received).containsExactly(new Line("news", "alice", 3), new Line("books", "b,\"ob\"", 2),
                new Line("news", "zoë", 4), new Line("news", "alice", 1));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        assertThat(r.sha256()).isEqualTo(HexFormat.of().formatHex(digest));
    }

    @Test
    void acceptsAByteOrderMarkAndCrlf() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "category,member_ref,units\r\nnews,alice,3\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        assertThat(read(all).problems()).isEmpty();
        assertThat(received).containsExactly(new Line("news", "alice", 3));
    }

    @Test
    void aHeaderOnlyFileHasNoLines() throws IOException {
        UsageCsvReader.Result r = read("category,member_ref,units\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.lines()).isZero();
    }

    @Test
    void anEmptyFileOrABomAloneIsEmpty() throws IOException {
        assertThat(read("").problems()).extracting(Problem::message).singleElement().asString().contains("the file is empty");
        assertThat(read(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).problems()).extracting(Problem::where).containsExactly("usage.csv");
    }

    @Test
    void aWrongHeaderStopsTheReading() throws IOException {
        UsageCsvReader.Result r = read("Category,Member,Units\nnews,alice,x\n");
        assertThat(r.problems()).containsExactly(new Problem("usage.csv line 1",
                "the header is \"Category,Member,Units\"; the first line must be exactly category,member_ref,units (lower case, in this order)"));
    }

    @Test
    void everyBadLineIsReportedWithItsNumberAndNothingIsPassedOnAfterTheFirst() throws IOException {
        UsageCsvReader.Result r = read("category,member_ref,units\nnews,alice,1\nsports,bob,1\nnews,,2\nnews,carol,1e3\nnews,dave,99999999999999999999\nnews,erin,1\n");
        assertThat(r.problems()).extracting(Problem::where)
                .containsExactly("usage.csv line 3", "usage.csv line 4", "usage.csv line 5", "usage.csv line 6");
        assertThat(r.problems().get(0).message()).contains("category \"sports\" is not administered by Press & News Guild, which administers books, news");
        assertThat(r.problems().get(1).message()).isEqualTo("member ref is empty");
        assertThat(r.problems().get(2).message()).contains("units \"1e3\" are not a number");
        assertThat(r.problems().get(3).message()).contains("larger than 9223372036854775807");
        assertThat(received).containsExactly(new Line("news", "alice", 1)); // only what came before the first problem
    }

    @Test
    void manyProblemsAreListedUpToTheLimitThenCounted() throws IOException {
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 12; i++) {
            csv.append("news,r").append(i).append(",0\n");
        }
        UsageCsvReader.Result r = read(csv.toString());
        assertThat(r.problems()).hasSize(6);
        assertThat(r.problems().get(5)).isEqualTo(new Problem("usage.csv", "7 more problems are not listed; correct the ones above and upload again"));
    }

    @Test
    void invalidUtf8IsFoundOnItsLine() throws IOException {
        byte[] bad = "category,member_ref,units\nnews,alice,1\nnews,caf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1);
        UsageCsvReader.Result r = read(bad);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo("usage.csv line 3");
            assertThat(p.message()).contains("not valid UTF-8 (byte 0xE9 at byte 9 of the line)");
        });
    }

    @Test
    void quotesMustBeClosedAndWhole() throws IOException {
        assertThat(read("category,member_ref,units\nnews,\"alice,1\n").problems()).extracting(Problem::message)
                .anyMatch(m -> m.contains("never closed"));
        assertThat(read("category,member_ref,units\nnews,al\"ice,1\n").problems()).extracting(Problem::message)
                .anyMatch(m -> m.contains("has a quote inside it"));
    }

    @Test
    void aRefWithAControlCharacterOrEdgeSpaceIsRefused() throws IOException {
        assertThat(read("category,member_ref,units\nnews,al\tice,1\nnews,bob ,1\n").problems()).extracting(Problem::message)
                .containsExactly("member ref contains control character U+0009 at position 3",
                        "member ref \"bob \" starts or ends with white space; remove it");
    }

    @Test
    void aLineWithoutEndIsRefusedWithoutFillingMemory() throws IOException {
        byte[] big = new byte[UsageCsvReader.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] all = ("category,member_ref,units\n" + new String(big, StandardCharsets.US_ASCII) + "\nnews,alice,1\n").getBytes(StandardCharsets.US_ASCII);
        UsageCsvReader.Result r = read(all);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo("usage.csv line 2");
            assertThat(p.message()).contains("longer than 65536 bytes");
        });
    }

    @Test
    void unitsOverflowingACategoryAreReportedOnce() throws IOException {
        UsageCsvReader.Result r = read("category,member_ref,units\nnews,a,9223372036854775807\nnews,b,1\nnews,c,1\n");
        assertThat(r.problems()).containsExactly(new Problem("usage.csv",
                "the units of category \"news\" add up to more than 9223372036854775807; report them in a larger unit"));
    }

    /** Texts made of CSV's pieces, good and bad: quotes, line ends, commas, digits, non-ASCII and invalid bytes. */
    @Provide
    Arbitrary<byte[]> csvLike() {
        Arbitrary<String> piece = Arbitraries.of("news", "books", "sports", "alice", "zoë", ",", ",", "\"", "\"\"", "\n", "\n",
                "\r\n", "\r", "1", "42", "0", "-3", " ", "\t", "x".repeat(200), "\uFEFF", "\u00ff");
        Arbitrary<String> garbage = piece.list().ofMaxSize(12).map(p -> String.join("", p));
        Arbitrary<String> good = net.jqwik.api.Combinators.combine(Arbitraries.of("news", "books", "\"news\""),
                Arbitraries.of("alice", "zoë", "\"b,\"\"ob\"\"\"", "r" + "é".repeat(40), "x"), Arbitraries.longs().between(1, 999_999),
                Arbitraries.of("\n", "\r\n", "\n\n"))
                .as((c, r, u, end) -> c + "," + r + "," + u + end);
        Arbitrary<byte[]> text = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, good), net.jqwik.api.Tuple.of(1, garbage))
                .list().ofMaxSize(60).map(p -> String.join("", p).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> withBadByte = text.map(b -> {
            byte[] c = java.util.Arrays.copyOf(b, b.length + 1);
            c[c.length - 1] = (byte) 0xC3; // a sequence cut off
            return c;
        });
        return Arbitraries.oneOf(text, withBadByte).map(body -> {
            byte[] header = "category,member_ref,units\n".getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[header.length + body.length];
            System.arraycopy(header, 0, all, 0, header.length);
            System.arraycopy(body, 0, all, header.length, body.length);
            return all;
        });
    }

    /**
     * Lines that lie whole in the read buffer are checked where they lie, the others byte by byte: the two ways must
     * agree on every file, to the problem, the line number and the line passed on.
     */
    @Property(tries = 2000)
    void whereTheBufferEndsChangesNothing(@ForAll("csvLike") byte[] csv, @ForAll @IntRange(min = 3, max = 64) int bufferSize)
            throws IOException {
        received.clear();
        List<Line> small = new ArrayList<>();
        UsageCsvReader.Result a = new UsageCsvReader(List.of("books", "news"), "Press & News Guild", 5, bufferSize)
                .read(new ByteArrayInputStream(csv), (category, ref, offset, length, units) ->
                        small.add(new Line(List.of("books", "news").get(category), new String(ref, offset, length, StandardCharsets.UTF_8), units)));
        UsageCsvReader.Result b = read(csv);
        assertThat(a).isEqualTo(b);
        assertThat(small).isEqualTo(received);
        net.jqwik.api.statistics.Statistics.label("lines passed on").collect(received.isEmpty() ? "none" : "some");
        net.jqwik.api.statistics.Statistics.label("problems").collect(b.problems().isEmpty() ? "none" : "some");
    }
}
