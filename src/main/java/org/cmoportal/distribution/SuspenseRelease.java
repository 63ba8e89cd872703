package org.cmoportal.distribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Allocation;

/**
 * The aged release of economics.md ("Suspense: claims and ageing"), for one {@code (period, category)}: what is held
 * there, netted per key first (a negative amount after a downward restatement is netted within its
 * {@code (period, category, ref)}; a net negative stays held), is {@code allocate}d over the members paid in that
 * category in that period, weighted by their payouts there; if nobody was paid there, over the members paid in that
 * period, weighted by their payouts in the period; if nobody was paid at all, it stays held. Plain Java, the one
 * implementation: the portal's release proposal and its property tests both call it.
 */
public final class SuspenseRelease {

    private SuspenseRelease() {
    }

    /** Whose payouts weighted the split; {@code HELD}: nobody was paid, so nothing moves. */
    public enum Basis { CATEGORY, PERIOD, HELD }

    /** The shares of one pot, by member ref in code point order; empty when {@code basis} is HELD. */
    public record Split(long amount, Basis basis, Map<String, Long> shares) {

        public long released() {
            return shares.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One amount held for a key of the pot ({@code ref} null for the category without usage), as stored. */
    public record Held(String ref, long amount) {
    }

    /**
     * The nets per key of the amounts held: each key's amounts added up, in the order the keys first appear.
     * A key whose net is 0 is left out.
     */
    public static Map<String, Long> nets(List<Held> held) {
        Map<String, Long> nets = new LinkedHashMap<>();
        for (Held h : held) {
            nets.merge(h.ref() == null ? "" : "r:" + h.ref(), h.amount(), Math::addExact);
        }
        nets.values().removeIf(v -> v == 0);
        Map<String, Long> byRef = new LinkedHashMap<>();
        nets.forEach((k, v) -> byRef.put(k.isEmpty() ? null : k.substring(2), v));
        return byRef;
    }

    /** What a pot can release: the positive nets added up (a net negative stays held, it offsets nothing else). */
    public static long releasable(Map<String, Long> nets) {
        long total = 0;
        for (long net : nets.values()) {
            if (net > 0) {
                total = Math.addExact(total, net);
            }
        }
        return total;
    }

    /**
     * Splits {@code amount} (0 or more) over the members paid in the category, else over the members paid in the
     * period; payouts of 0 or less do not count as paid.
     */
    public static Split split(long amount, Map<String, Long> categoryPayouts, Map<String, Long> periodPayouts) {
        if (amount < 0) {
            throw new IllegalArgumentException("a release splits what is held, never a negative amount: " + amount);
        }
        Map<String, Long> category = paid(categoryPayouts);
        if (amount > 0 && !category.isEmpty()) {
            return new Split(amount, Basis.CATEGORY, positive(Allocation.allocate(amount, category)));
        }
        Map<String, Long> period = paid(periodPayouts);
        if (amount > 0 && !period.isEmpty()) {
            return new Split(amount, Basis.PERIOD, positive(Allocation.allocate(amount, period)));
        }
        return new Split(amount, Basis.HELD, Map.of());
    }

    private static Map<String, Long> paid(Map<String, Long> payouts) {
        Map<String, Long> paid = new LinkedHashMap<>();
        payouts.forEach((ref, payout) -> {
            if (payout != null && payout > 0) {
                paid.put(ref, payout);
            }
        });
        return paid;
    }

    /** A member whose share rounds to 0 gets no entry (economics.md: no entry for a zero amount). */
    private static Map<String, Long> positive(Map<String, Long> parts) {
        Map<String, Long> shares = new LinkedHashMap<>(parts);
        shares.values().removeIf(v -> v == 0);
        return Collections.unmodifiableMap(shares);
    }
}
