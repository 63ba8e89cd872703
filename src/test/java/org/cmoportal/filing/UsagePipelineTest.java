package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The reader on the calling thread, the combiner and the COPY on a second one: the totals are the lines' totals
 * whatever the combiner's size, the COPY is ended once when the file is accepted, and cancelled, with the located
 * problem or the first failure reported, when it is not.
 */
class UsagePipelineTest {

    static final List<String> CATEGORIES = List.of("books", "code", "news");

    /** A COPY stand-in that records what it is sent, on which thread, and how it ended. */
    static final class Recording implements UsagePipeline.Target {
        final Map<String, Long> sums = new TreeMap<>();
        final Map<String, Integer> writes = new HashMap<>();
        final List<byte[]> received = new ArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();
        long rows;
        int failAfter = -1;

        @Override
        public void accept(int category, byte[] ref, int offset, int length, long units) throws IOException {
            threads.add(Thread.currentThread().getName());
            if (failAfter >= 0 && rows >= failAfter) {
                throw new IOException("the COPY broke");
            }
            String key = CATEGORIES.get(category) + "/" + new String(ref, offset, length, StandardCharsets.UTF_8);
            received.add(key.getBytes(StandardCharsets.UTF_8));
            sums.merge(key, units, Long::sum);
            writes.merge(key, 1, Integer::sum);
            rows++;
        }

        @Override
        public long finish() {
            threads.add(Thread.currentThread().getName());
            finished.incrementAndGet();
            return rows;
        }

        @Override
        public void cancel() {
            cancelled.incrementAndGet();
        }
    }

    record Line(int category, String ref, long units) {
    }

    static byte[] csv(List<Line> lines) {
        StringBuilder b = new StringBuilder("category,member_ref,units\n");
        for (Line l : lines) {
            b.append(CATEGORIES.get(l.category())).append(',').append(l.ref()).append(',').append(l.units()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static UsageCsvReader reader() {
        return new UsageCsvReader(CATEGORIES, "Press & News Guild", 10);
    }

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<String> refs = Arbitraries.of("alice", "bob", "zoë", "r-1", "r-2", "r-3", "r-4", "李", "x".repeat(128), "a b");
        return Combinators.combine(Arbitraries.integers().between(0, 2), refs, Arbitraries.longs().between(1, 1_000_000))
                .as(Line::new).list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void theTotalsAreTheLinesTotalsWhateverTheCombinersSize(@ForAll("lines") List<Line> lines,
            @ForAll @IntRange(min = 1, max = 40) int maxPairs) throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        lines.forEach(l -> expected.merge(CATEGORIES.get(l.category()) + "/" + l.ref(), l.units(), Long::sum));
        Recording copy = new Recording();
        UsagePipeline.Outcome outcome = UsagePipeline.run(new ByteArrayInputStream(csv(lines)), reader(), copy, maxPairs);
        // the COPY and the adding up ran on the second thread, not the reader's
        assertThat(copy.threads).isNotEmpty().noneMatch(t -> t.equals(Thread.currentThread().getName()));
        assertThat(outcome.rowsStaged()).isEqualTo(copy.rows);
        // pairs held in memory (all fitted) were staged not at all; they are what the final insert writes
        if (outcome.held() != null) {
            assertThat(outcome.pairsUnique()).isTrue();
            assertThat(copy.rows).isZero();
            assertThat(outcome.held().size()).isEqualTo(expected.size());
            outcome.held().writeSorted(copy);
        }

        assertThat(outcome.read().problems()).isEmpty();
        assertThat(outcome.read().lines()).isEqualTo(lines.size());
        assertThat(copy.sums).isEqualTo(expected);
        assertThat(copy.finished).hasValue(1);
        assertThat(copy.cancelled).hasValue(0);
        // "unique" is a promise the final insert relies on (no GROUP BY): it must never be given wrongly
        if (outcome.pairsUnique()) {
            assertThat(copy.writes.values()).allMatch(n -> n == 1);
            // and each category's pairs together, in the categories' order: the final insert goes a category at a time
            assertThat(copy.received.stream().map(k -> CATEGORIES.indexOf(new String(k, StandardCharsets.UTF_8).split("/", 2)[0])).toList())
                    .isSorted();
        }
        if (expected.size() <= maxPairs) {
            assertThat(outcome.held()).isNotNull();
        } else {
            assertThat(outcome.held()).isNull();
        }
    }

    @Test
    void aProblemOnTheLastLineCancelsTheCopyAndIsReportedWithItsLine() throws Exception {
        StringBuilder b = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 300_000; i++) {
            b.append("news,ref-").append(i % 5000).append(",1\n");
        }
        b.append("news,ref-1,-4\n");
        Recording copy = new Recording();
        UsagePipeline.Outcome outcome = UsagePipeline.run(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)),
                reader(), copy, 1000);
        assertThat(outcome.read().problems()).extracting(Problem::where).containsExactly("usage.csv line 300002");
        assertThat(outcome.read().problems().get(0).message()).contains("are negative");
        assertThat(copy.cancelled).hasValue(1);
        assertThat(copy.finished).hasValue(0);
    }

    @Test
    void aFailureOfTheCopyStopsTheReadingAndIsWhatTheCallerSees() {
        Recording copy = new Recording();
        copy.failAfter = 10;
        Generated in = new Generated(5_000_000);
        assertThatThrownBy(() -> UsagePipeline.run(in, reader(), copy, 4)).isInstanceOf(IOException.class).hasMessage("the COPY broke");
        assertThat(copy.cancelled).hasPositiveValue();
        assertThat(copy.finished).hasValue(0);
        assertThat(in.served.get()).as("bytes read of %d", in.total).isLessThan(in.total / 10);
    }

    @Test
    void aFailureWhileReceivingCancelsTheCopy() {
        Recording copy = new Recording();
        Generated in = new Generated(200_000);
        in.failAt = 1_000_000;
        assertThatThrownBy(() -> UsagePipeline.run(in, reader(), copy, 1000)).isInstanceOf(IOException.class)
                .hasMessage("the sender went away");
        assertThat(copy.cancelled).hasValue(1);
        assertThat(copy.finished).hasValue(0);
    }

    @Test
    void aRefusalWhileReceivingCancelsTheCopyAndIsPassedOn() {
        Recording copy = new Recording();
        Generated in = new Generated(200_000);
        in.refuseAt = 1_000_000;
        assertThatThrownBy(() -> UsagePipeline.run(in, reader(), copy, 1000)).isInstanceOf(DomainException.class)
                .hasMessage("too large");
        assertThat(copy.cancelled).hasValue(1);
        assertThat(copy.finished).hasValue(0);
    }

    @Test
    void aFileOfManyRepeatedPairsIsStagedOncePerPair() throws Exception {
        Recording copy = new Recording();
        UsagePipeline.Outcome outcome = UsagePipeline.run(new Generated(1_000_000), reader(), copy, 100_000);
        assertThat(outcome.read().lines()).isEqualTo(1_000_000);
        assertThat(outcome.pairsUnique()).isTrue();
        outcome.held().writeSorted(copy);
        assertThat(copy.rows).isEqualTo(1000);
        assertThat(copy.sums.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(outcome.read().unitsByCategory().values().stream().mapToLong(Long::longValue).sum());
    }

    /** A usage file made while it is read: the same thousand lines (a thousand pairs) over and over. */
    static final class Generated extends InputStream {
        final long total;
        final AtomicLong served = new AtomicLong();
        long failAt = -1;
        long refuseAt = -1;
        private final byte[] bytes;
        private int at;

        Generated(long lines) {
            StringBuilder b = new StringBuilder("category,member_ref,units\n");
            List<String> chunk = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                chunk.add(CATEGORIES.get(i % 3) + ",member-" + (i * 31 % 7919) + "," + (1 + i % 97) + "\n");
            }
            chunk.forEach(b::append);
            this.bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            long perThousand = bytes.length - 26;
            this.total = 26 + perThousand * (lines / 1000);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long s = served.get();
            if (failAt >= 0 && s >= failAt) {
                throw new IOException("the sender went away");
            }
            if (refuseAt >= 0 && s >= refuseAt) {
                throw new DomainException(DomainException.Kind.TOO_LARGE, "too-large", "too large");
            }
            if (s >= total) {
                return -1;
            }
            if (at == bytes.length) {
                at = 26; // the header once, then the same thousand lines again
            }
            int n = (int) Math.min(len, Math.min(bytes.length - at, total - s));
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            served.addAndGet(n);
            return n;
        }
    }
}
