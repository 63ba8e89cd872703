package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

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
}
