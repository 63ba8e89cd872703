package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cmoportal.money.CodePointOrder;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The run's groups of lines merged into one order of ref, with each ref's total, against a plain sort. */
class RunLineMergeTest {

    /** A line of a group: its ref (unescaped), whether matched, its amount. */
    record Line(String ref, boolean matched, long amount) {
    }

    @Provide
    Arbitrary<List<List<Line>>> groups() {
        // few distinct refs, so that refs meet across groups; backslashes, accents and characters beyond the BMP,
        // whose UTF-16 order differs from code point order
        Arbitrary<String> ref = Arbitraries.of("a", "b", "a\\", "a\\b", "a]", "\\", "zo\u00eb", "\uFF21", "\uD83D\uDE00",
                "\uD83D\uDE00\\", "m0001", "m0010", "m01");
        Arbitrary<Line> line = ref.flatMap(r -> Arbitraries.longs().between(0, 1_000_000_000L)
                .map(a -> new Line(r, !r.startsWith("m"), a)));
        // within a group, each ref once (the engine adds a ref's lines up before it writes them), in code point order
        Arbitrary<List<Line>> group = line.list().ofMaxSize(12).map(ls -> {
            Map<String, Line> byRef = new TreeMap<>(CodePointOrder.INSTANCE);
            ls.forEach(l -> byRef.putIfAbsent(l.ref(), l));
            return List.copyOf(byRef.values());
        });
        return group.list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void theMergeIsEveryLineInOrderOfRefWithEachRefsTotal(@ForAll("groups") List<List<Line>> groups,
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 2) long firstId) throws IOException {
        Path spool = Files.createTempFile("merge", ".copy");
        try {
            List<RunStream.Group> places = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            List<Line> all = new ArrayList<>();
            try (var file = Files.newOutputStream(spool)) {
                CopyText.Writer w = new CopyText.Writer(file);
                int filing = 1;
                for (List<Line> g : groups) {
                    long start = w.position();
                    for (Line l : g) {
                        w.number(filing).tab().text("news").tab().text(l.ref()).tab().bool(l.matched()).tab().number(1).tab()
                                .number(1).tab().number(l.amount()).end();
                        all.add(l);
                    }
                    w.flush();
                    if (!g.isEmpty()) {
                        places.add(new RunStream.Group(start, w.position()));
                    }
                    filing++;
                }
                w.flush();
            }
            byte[] unreferenced = "9\tcode\t\\N\tf\t0\t0\t5\n".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, Long> totals = new LinkedHashMap<>();
            Map<String, Boolean> matched = new LinkedHashMap<>();
            long lines;
            try (FileChannel in = FileChannel.open(spool, StandardOpenOption.READ)) {
                lines = RunLineMerge.merge(in, places, List.of(unreferenced), firstId, out, (line, from, to, m, total) -> {
                    String ref = new CopyText.Row(1).of(Arrays.copyOfRange(line, from, to)).text(0);
                    assertThat(totals).as("each ref is told once").doesNotContainKey(ref);
                    totals.put(ref, total);
                    matched.put(ref, m);
                });
            }
            assertThat(lines).isEqualTo(all.size() + 1);
            List<String> merged = List.of(out.toString(StandardCharsets.UTF_8).split("\n", -1));
            assertThat(merged.get(0)).isEqualTo("9\tcode\t\\N\tf\t0\t0\t5\t" + firstId);
            List<String> refs = new ArrayList<>();
            long expectedId = firstId + 1;
            for (String m : merged.subList(1, merged.size() - 1)) {
                CopyText.Row row = new CopyText.Row(8).of(m.getBytes(StandardCharsets.UTF_8));
                refs.add(row.text(2));
                assertThat(row.number(7)).as("each line's id, one more than the line before").isEqualTo(expectedId++);
            }
            List<String> sorted = new ArrayList<>(all.stream().map(Line::ref).toList());
            sorted.sort(CodePointOrder.INSTANCE);
            assertThat(refs).as("every line, in code point order of ref").isEqualTo(sorted);

            Map<String, Long> sums = new TreeMap<>(CodePointOrder.INSTANCE);
            all.forEach(l -> sums.merge(l.ref(), l.amount(), Long::sum));
            assertThat(new ArrayList<>(totals.keySet())).as("the totals, in order of ref").isEqualTo(new ArrayList<>(sums.keySet()));
            assertThat(totals).isEqualTo(sums);
            matched.forEach((ref, m) -> assertThat(m).isEqualTo(!ref.startsWith("m")));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Test
    void aGroupLargerThanTheBufferIsReadAcrossRefills() throws IOException {
        // 3 groups of 20,000 lines each: many refills of the 64 KiB buffer per group
        Path spool = Files.createTempFile("merge", ".copy");
        try {
            List<RunStream.Group> places = new ArrayList<>();
            try (var file = Files.newOutputStream(spool)) {
                CopyText.Writer w = new CopyText.Writer(file);
                for (int g = 0; g < 3; g++) {
                    long start = w.position();
                    for (int i = 0; i < 20_000; i++) {
                        w.number(g).tab().text("news").tab().text("m" + String.format("%06d", i * 3 + g)).tab().bool(true).tab()
                                .number(1).tab().number(1).tab().number(i).end();
                    }
                    places.add(new RunStream.Group(start, w.position()));
                }
                w.flush();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long[] count = {0, 0};
            try (FileChannel in = FileChannel.open(spool, StandardOpenOption.READ)) {
                RunLineMerge.merge(in, places, List.of(), 1, out, (line, from, to, m, total) -> {
                    count[0]++;
                    count[1] += total;
                });
            }
            assertThat(count[0]).isEqualTo(60_000);
            assertThat(count[1]).isEqualTo(3L * 19_999 * 20_000 / 2);
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(60_000);
            assertThat(lines[0]).startsWith("0\tnews\tm000000\t");
            assertThat(lines[59_999]).startsWith("2\tnews\tm059999\t").endsWith("\t60000");
        } finally {
            Files.deleteIfExists(spool);
        }
    }
}
