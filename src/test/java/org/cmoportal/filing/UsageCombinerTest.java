package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The combiner adds up lines of the same (category, ref), and whatever its size the totals come out the same. */
class UsageCombinerTest {

    static Map<String, Long> combine(int maxEntries, long seed) throws IOException {
        Map<String, Long> written = new TreeMap<>();
        UsageCombiner combiner = new UsageCombiner((category, ref, offset, length, units) ->
                written.merge(category + "/" + new String(ref, offset, length, StandardCharsets.UTF_8), units, Long::sum), maxEntries);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            byte[] ref = ("ref-" + random.nextInt(3000) + (random.nextBoolean() ? "é" : "")).getBytes(StandardCharsets.UTF_8);
            byte[] padded = new byte[ref.length + 4]; // the ref sits inside a larger buffer, as in the reader
            System.arraycopy(ref, 0, padded, 2, ref.length);
            combiner.accept(random.nextInt(3), padded, 2, ref.length, 1 + random.nextInt(5));
        }
        combiner.flush();
        return written;
    }

    @Test
    void aSmallTableGivesTheSameTotalsAsALargeOne() throws IOException {
        Map<String, Long> large = combine(1 << 16, 7);
        assertThat(combine(16, 7)).isEqualTo(large);
        assertThat(large).hasSizeGreaterThan(10_000);
        assertThat(large.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(
                combine(1, 7).values().stream().mapToLong(Long::longValue).sum());
    }

    /** Refs around the 16 bytes a slot holds: shorter, exactly 16, longer, and sharing their first 16 bytes. */
    @Provide
    Arbitrary<List<String>> refs() {
        Arbitrary<String> stem = Arbitraries.of("", "p", "p".repeat(7), "p".repeat(8), "p".repeat(15), "p".repeat(16), "p".repeat(17),
                "é".repeat(8), "member-0000");
        Arbitrary<String> tail = Arbitraries.strings().withChars("ab~é\u00ff").ofMaxLength(3);
        return net.jqwik.api.Combinators.combine(stem, tail).as((a, b) -> a + b).filter(r -> !r.isEmpty()).list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void everyPairIsAddedUpAndWrittenOnceACategoryAtATime(@ForAll("refs") List<String> refs, @ForAll @IntRange(min = 1, max = 64) int maxPairs)
            throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        List<byte[]> written = new java.util.ArrayList<>();
        Map<String, Long> sums = new TreeMap<>();
        UsageCsvReader.Sink sink = (category, ref, offset, length, units) -> {
            byte[] key = (category + "/" + new String(ref, offset, length, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            written.add(key);
            sums.merge(new String(key, StandardCharsets.UTF_8), units, Long::sum);
        };
        UsageCombiner combiner = new UsageCombiner(sink, maxPairs);
        int k = 0;
        for (String ref : refs) {
            int category = k++ % 2;
            expected.merge(category + "/" + ref, (long) k, Long::sum);
            byte[] bytes = ref.getBytes(StandardCharsets.UTF_8);
            combiner.accept(category, bytes, 0, bytes.length, k);
        }
        boolean early = combiner.wroteOutEarly();
        int before = written.size();
        combiner.groupByCategory(2);
        combiner.writeSorted(sink);
        assertThat(sums).isEqualTo(expected);
        if (!early) {
            assertThat(written).hasSize(expected.size());
            // each category's pairs together, categories in index order: the inserts go a category at a time
            assertThat(written.subList(before, written.size()).stream().map(key -> (int) key[0]).toList()).isSorted();
        }
    }
}
