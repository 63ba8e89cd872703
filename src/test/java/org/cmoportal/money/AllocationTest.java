package org.cmoportal.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void theTieExampleOfEconomicsMd() {
        long[] parts = Allocation.allocate(100, new String[] {"carol", "alice", "bob"}, new long[] {1, 1, 1});
        assertThat(parts).containsExactly(33, 34, 33);
    }

    @Test
    void theWorkedExampleSplit() {
        Map<String, Long> units = new LinkedHashMap<>();
        units.put("zed", 3L);
        units.put("bob", 1L);
        units.put("alice", 3L);
        assertThat(Allocation.allocate(5_062_500, units))
                .containsExactly(Map.entry("alice", 2_169_643L), Map.entry("bob", 723_214L), Map.entry("zed", 2_169_643L));
    }

    @Test
    void tiesUseCodePointOrderNotUtf16Order() {
        String emoji = new String(Character.toChars(0x1F600));
        long[] parts = Allocation.allocate(1, new String[] {emoji, "\uE000"}, new long[] {1, 1});
        assertThat(parts).containsExactly(0, 1);
        assertThat(Allocation.allocate(1, Map.of(emoji, 1L, "\uFFFD", 1L))).containsEntry("\uFFFD", 1L);
    }

    @Test
    void poolsOfZeroAndOneMinorUnit() {
        assertThat(Allocation.allocate(0, new String[] {"a", "b"}, new long[] {3, 5})).containsExactly(0, 0);
        assertThat(Allocation.allocate(1, new String[] {"a", "b"}, new long[] {3, 5})).containsExactly(0, 1);
        assertThat(Allocation.allocate(1, new String[] {"b", "a"}, new long[] {1, 1})).containsExactly(0, 1);
    }

    @Test
    void oneKeyTakesEverything() {
        assertThat(Allocation.allocate(Amounts.MAX_MINOR_UNITS, new String[] {"only"}, new long[] {7}))
                .containsExactly(Amounts.MAX_MINOR_UNITS);
    }

    @Test
    void zeroWeightsGetNothingEvenWhenUnitsAreLeftOver() {
        long[] parts = Allocation.allocate(10, new String[] {"a", "b", "c", "d"}, new long[] {0, 1, 0, 2});
        assertThat(parts).containsExactly(0, 3, 0, 7);
        assertThat(Allocation.allocate(5, new String[] {"a", "b", "c"}, new long[] {0, 1, 1})).containsExactly(0, 3, 2);
    }

    @Test
    void hugeTotalsAndWeightsStayExact() {
        long total = Amounts.MAX_MINOR_UNITS;
        long[] weights = {Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4 + 1, 3};
        String[] keys = {"a", "b", "c", "d"};
        assertThat(Allocation.allocate(total, keys, weights)).containsExactly(ReferenceAllocation.allocate(total, keys, weights));
        assertThat(LongStream.of(Allocation.allocate(Long.MAX_VALUE, keys, weights)).sum()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMillionKeysAddUpAndFollowTheReferenceOnASample() {
        int n = 1_000_000;
        String[] keys = new String[n];
        long[] weights = new long[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            keys[i] = "member-" + Integer.toString(random.nextInt(), 36) + "-" + i;
            weights[i] = random.nextInt(5); // many zeros and many ties
        }
        long total = 987_654_321_987L;
        long[] parts = Allocation.allocate(total, keys, weights);
        assertThat(LongStream.of(parts).sum()).isEqualTo(total);
        long[] equal = new long[n];
        Arrays.fill(equal, 1);
        long[] equalParts = Allocation.allocate(999_999, keys, equal);
        String[] sorted = keys.clone();
        Arrays.sort(sorted, CodePointOrder.INSTANCE);
        // Every key gets 0 but the 999,999 smallest keys get 1: only the largest key is left without.
        int largest = Arrays.asList(keys).indexOf(sorted[n - 1]);
        assertThat(equalParts[largest]).isZero();
        assertThat(LongStream.of(equalParts).filter(p -> p == 1).count()).isEqualTo(n - 1);
    }

    @Test
    void rejectsWhatEconomicsMdRulesOut() {
        assertThatThrownBy(() -> Allocation.allocate(5, new String[] {"a"}, new long[] {0})).hasMessageContaining("zero");
        assertThatThrownBy(() -> Allocation.allocate(5, new String[] {"a"}, new long[] {-1})).hasMessageContaining("negative");
        assertThatThrownBy(() -> Allocation.allocate(-5, new String[] {"a"}, new long[] {1})).hasMessageContaining("negative total");
        assertThatThrownBy(() -> Allocation.allocate(5, new String[] {}, new long[] {})).hasMessageContaining("no keys");
        assertThatThrownBy(() -> Allocation.allocate(5, new String[] {"a", "a"}, new long[] {1, 1})).hasMessageContaining("twice");
        assertThatThrownBy(() -> Allocation.allocate(5, new String[] {"a", "b"}, new long[] {Long.MAX_VALUE, 1}))
                .hasMessageContaining("add up to more than");
    }

    record Case(long total, String[] keys, long[] weights) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Long> totals = Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000),
                Arbitraries.longs().between(0, Amounts.MAX_MINOR_UNITS), Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<Long> weight = Arbitraries.oneOf(Arbitraries.longs().between(0, 5),
                Arbitraries.longs().between(0, 1_000_000_000_000L), Arbitraries.longs().between(0, Long.MAX_VALUE / 16));
        Arbitrary<List<String>> keys = Arbitraries.of("a", "b", "c", "alice", "bob", "Zoë", "zoë", "\uE000", "\uFFFD",
                new String(Character.toChars(0x1F600)), new String(Character.toChars(0x10000)) + "x")
                .set().ofMinSize(1).ofMaxSize(8).map(ArrayList::new);
        return Combinators.combine(totals, keys, weight.list().ofSize(8)).as((t, k, w) -> {
            long[] ws = new long[k.size()];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = w.get(i);
            }
            if (LongStream.of(ws).sum() == 0) {
                ws[0] = 1;
            }
            return new Case(t, k.toArray(new String[0]), ws);
        });
    }

    @Property(tries = 10_000)
    void matchesTheReferenceAndAddsUpToTheTotal(@ForAll("cases") Case c) {
        long[] parts = Allocation.allocate(c.total(), c.keys(), c.weights());
        assertThat(parts).containsExactly(ReferenceAllocation.allocate(c.total(), c.keys(), c.weights()));
        long sum = 0;
        for (int i = 0; i < parts.length; i++) {
            assertThat(parts[i]).isNotNegative();
            sum += parts[i];
        }
        assertThat(sum).isEqualTo(c.total());
    }

    @Property(tries = 10_000)
    void moreWeightNeverGetsLessAndOrderDoesNotMatter(@ForAll("cases") Case c, @ForAll Random random) {
        long[] parts = Allocation.allocate(c.total(), c.keys(), c.weights());
        for (int i = 0; i < parts.length; i++) {
            for (int j = 0; j < parts.length; j++) {
                if (c.weights()[i] > c.weights()[j]) {
                    assertThat(parts[i]).isGreaterThanOrEqualTo(parts[j]);
                }
            }
        }
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            perm.add(i);
        }
        Collections.shuffle(perm, random);
        String[] keys = new String[parts.length];
        long[] weights = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            keys[i] = c.keys()[perm.get(i)];
            weights[i] = c.weights()[perm.get(i)];
        }
        long[] shuffled = Allocation.allocate(c.total(), keys, weights);
        for (int i = 0; i < parts.length; i++) {
            assertThat(shuffled[i]).isEqualTo(parts[perm.get(i)]);
        }
    }
}
