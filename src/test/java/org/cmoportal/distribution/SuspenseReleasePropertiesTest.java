package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * economics.md, "Suspense: claims and ageing", the aged release: what a (period, category) holds, netted per key, is
 * split exactly (the shares add up to it), in proportion to the payouts by largest remainder (each share within one
 * minor unit of its exact quota, the leftover units to the largest fractions), over the members paid in the category,
 * else in the period; nobody paid keeps it held; a net negative offsets nothing and stays held.
 */
class SuspenseReleasePropertiesTest {

    static final List<String> REFS = List.of("alice", "bob", "carol", "Zoë", "zoë", "日本", "m-1", "m-10");

    @Provide
    Arbitrary<Map<String, Long>> payouts() {
        return Arbitraries.maps(Arbitraries.of(REFS), Arbitraries.longs().between(-5, 1_000_000)).ofMaxSize(REFS.size());
    }

    @Provide
    Arbitrary<List<SuspenseRelease.Held>> held() {
        Arbitrary<SuspenseRelease.Held> one = Combinators.combine(
                Arbitraries.of("zed", "yan", "x y", "").map(r -> r.isEmpty() ? null : r),
                Arbitraries.longs().between(-50_000, 2_000_000)).as(SuspenseRelease.Held::new);
        return one.list().ofMaxSize(12);
    }

    @Property(tries = 3000)
    void sharesAddUpToWhatIsHeldInProportionToPayouts(@ForAll("held") List<SuspenseRelease.Held> held,
            @ForAll("payouts") Map<String, Long> inCategory, @ForAll("payouts") Map<String, Long> inPeriod) {
        Map<String, Long> nets = SuspenseRelease.nets(held);
        long amount = SuspenseRelease.releasable(nets);
        SuspenseRelease.Split split = SuspenseRelease.split(amount, inCategory, inPeriod);

        Map<String, Long> weights = positive(inCategory);
        SuspenseRelease.Basis expected = SuspenseRelease.Basis.CATEGORY;
        if (weights.isEmpty()) {
            weights = positive(inPeriod);
            expected = SuspenseRelease.Basis.PERIOD;
        }
        if (weights.isEmpty() || amount == 0) {
            assertThat(split.basis()).isEqualTo(SuspenseRelease.Basis.HELD);
            assertThat(split.shares()).isEmpty();
            return;
        }
        assertThat(split.basis()).isEqualTo(expected);
        assertThat(split.released()).as("shares add up to what is held").isEqualTo(amount);
        assertThat(weights.keySet()).containsAll(split.shares().keySet());
        assertThat(split.shares().values()).allMatch(v -> v > 0);
        BigInteger sum = BigInteger.valueOf(weights.values().stream().mapToLong(Long::longValue).sum());
        int extra = 0;
        for (Map.Entry<String, Long> w : weights.entrySet()) {
            BigInteger[] quota = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(w.getValue())).divideAndRemainder(sum);
            long share = split.shares().getOrDefault(w.getKey(), 0L);
            assertThat(share).as("share of " + w.getKey()).isBetween(quota[0].longValueExact(), quota[0].longValueExact() + 1);
            if (share > quota[0].longValueExact()) {
                extra++;
                // largest remainder: nobody left at the floor has a larger fraction than one who got a unit more
                for (Map.Entry<String, Long> v : weights.entrySet()) {
                    BigInteger[] other = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(v.getValue())).divideAndRemainder(sum);
                    if (split.shares().getOrDefault(v.getKey(), 0L) == other[0].longValueExact()) {
                        assertThat(other[1]).isLessThanOrEqualTo(quota[1]);
                    }
                }
            }
        }
        assertThat(extra).isLessThan(weights.size());
    }

    @Property(tries = 2000)
    void aNetNegativeStaysHeldAndOffsetsNoOtherKey(@ForAll("held") List<SuspenseRelease.Held> held) {
        Map<String, Long> nets = SuspenseRelease.nets(held);
        Map<String, Long> byHand = new TreeMap<>();
        for (SuspenseRelease.Held h : held) {
            byHand.merge(String.valueOf(h.ref()), h.amount(), Long::sum);
        }
        long positive = byHand.values().stream().filter(v -> v > 0).mapToLong(Long::longValue).sum();
        assertThat(SuspenseRelease.releasable(nets)).isEqualTo(positive);
        assertThat(nets.values()).doesNotContain(0L);
        assertThat(nets).hasSize((int) byHand.values().stream().filter(v -> v != 0).count());
    }

    @Property(tries = 500)
    void nobodyPaidKeepsItHeld(@ForAll("held") List<SuspenseRelease.Held> held) {
        long amount = SuspenseRelease.releasable(SuspenseRelease.nets(held));
        Map<String, Long> zeros = new LinkedHashMap<>();
        zeros.put("alice", 0L);
        zeros.put("bob", -3L);
        SuspenseRelease.Split split = SuspenseRelease.split(amount, zeros, Map.of());
        assertThat(split.basis()).isEqualTo(SuspenseRelease.Basis.HELD);
        assertThat(split.released()).isZero();
    }

    /** The worked tie of economics.md, through the release: 100 over three equal payouts gives 34, 33, 33. */
    @Example
    void theTieGoesToTheSmallerRef() {
        SuspenseRelease.Split split = SuspenseRelease.split(100, Map.of("carol", 5L, "alice", 5L, "bob", 5L), Map.of());
        assertThat(split.shares()).containsExactly(Map.entry("alice", 34L), Map.entry("bob", 33L), Map.entry("carol", 33L));
        // the category's payouts first; the period's only when nobody was paid in the category
        assertThat(SuspenseRelease.split(10, Map.of(), Map.of("bob", 1L)).shares()).containsExactly(Map.entry("bob", 10L));
        assertThat(SuspenseRelease.split(10, Map.of("alice", 0L), Map.of("bob", 1L)).basis()).isEqualTo(SuspenseRelease.Basis.PERIOD);
        List<SuspenseRelease.Held> held = new ArrayList<>(List.of(new SuspenseRelease.Held("zed", 300),
                new SuspenseRelease.Held("zed", -500), new SuspenseRelease.Held("yan", 70), new SuspenseRelease.Held(null, 30)));
        assertThat(SuspenseRelease.releasable(SuspenseRelease.nets(held))).as("zed nets to -200 and stays held").isEqualTo(100);
    }

    private static Map<String, Long> positive(Map<String, Long> m) {
        Map<String, Long> p = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v > 0) {
                p.put(k, v);
            }
        });
        return p;
    }
}
