package org.cmoportal.distribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.cmoportal.money.CodePointOrder;

/**
 * The differences a restatement of a distributed filing makes (economics.md, "Restating a distributed filing"): the
 * filing's calculation before and after, both as at the restated period (its rules, its members), compared per
 * member (payouts summed over categories), per suspense key ({@code (category, ref)} for an unmatched ref, the
 * category alone for a category without usage), for the fees and for the tenant gross. A ref that has since become
 * a member's alias is still its own key in both calculations; only where its difference goes changes: to that
 * member's entry, added to the member's own, instead of to suspense. The one place these differences are computed.
 */
public final class RestatedFiling {

    /** A member's payout from the filing, before and after (an alias's suspense included). */
    public record MemberDifference(String ref, long before, long after) {
        public long difference() {
            return after - before;
        }
    }

    /** Money held for {@code (category, ref)}, {@code ref} null for a category without usage. */
    public record SuspenseDifference(String category, String ref, long before, long after) {
        public long difference() {
            return after - before;
        }
    }

    private final FilingCalculation before;
    private final FilingCalculation after;
    private final List<MemberDifference> members;
    private final List<SuspenseDifference> suspense;

    private RestatedFiling(FilingCalculation before, FilingCalculation after, List<MemberDifference> members,
            List<SuspenseDifference> suspense) {
        this.before = before;
        this.after = after;
        this.members = List.copyOf(members);
        this.suspense = List.copyOf(suspense);
        verifyConservation();
    }

    /**
     * @param before  the filing as distributed, computed with the restated period's terms and members
     * @param after   the restated filing, computed with the same terms and members
     * @param aliases unmatched refs that have since become a member's alias: alias ref to the member's ref
     */
    public static RestatedFiling of(FilingCalculation before, FilingCalculation after, Map<String, String> aliases) {
        Objects.requireNonNull(aliases, "aliases");
        Map<String, long[]> byMember = new TreeMap<>(CodePointOrder.INSTANCE);
        Map<String, Map<String, long[]>> byKey = new TreeMap<>(CodePointOrder.INSTANCE); // category -> ref ("" none)
        collect(before, 0, aliases, byMember, byKey);
        collect(after, 1, aliases, byMember, byKey);
        List<MemberDifference> members = new ArrayList<>();
        byMember.forEach((ref, a) -> members.add(new MemberDifference(ref, a[0], a[1])));
        List<SuspenseDifference> suspense = new ArrayList<>();
        byKey.forEach((category, refs) -> refs.forEach((ref, a) ->
                suspense.add(new SuspenseDifference(category, ref.isEmpty() ? null : ref, a[0], a[1]))));
        return new RestatedFiling(before, after, members, suspense);
    }

    private static void collect(FilingCalculation calc, int side, Map<String, String> aliases, Map<String, long[]> byMember,
            Map<String, Map<String, long[]>> byKey) {
        for (CategoryDistribution d : calc.distributions()) {
            if (!d.hasUsage()) {
                byKey.computeIfAbsent(d.category(), c -> new TreeMap<>(CodePointOrder.INSTANCE))
                        .computeIfAbsent("", r -> new long[2])[side] += d.categorySuspense();
                continue;
            }
            for (int i = 0; i < d.payoutCount(); i++) {
                String ref = d.ref(i);
                if (d.matched(i)) {
                    byMember.computeIfAbsent(ref, r -> new long[2])[side] += d.payout(i);
                } else if (aliases.containsKey(ref)) {
                    byMember.computeIfAbsent(aliases.get(ref), r -> new long[2])[side] += d.payout(i);
                } else {
                    byKey.computeIfAbsent(d.category(), c -> new TreeMap<>(CodePointOrder.INSTANCE))
                            .computeIfAbsent(ref, r -> new long[2])[side] += d.payout(i);
                }
            }
        }
    }

    public FilingCalculation before() {
        return before;
    }

    public FilingCalculation after() {
        return after;
    }

    /** Every member with a payout on either side, in code point order of ref. */
    public List<MemberDifference> members() {
        return members;
    }

    /** Every suspense key held on either side, by category then ref (the category's own key first). */
    public List<SuspenseDifference> suspense() {
        return suspense;
    }

    /** Suspense differences summed per category, in code point order. */
    public Map<String, Long> suspenseDifferenceByCategory() {
        Map<String, Long> byCategory = new TreeMap<>(CodePointOrder.INSTANCE);
        for (SuspenseDifference s : suspense) {
            byCategory.merge(s.category(), s.difference(), Long::sum);
        }
        return Collections.unmodifiableMap(byCategory);
    }

    public long tenantGrossDifference() {
        return after.tenantGross() - before.tenantGross();
    }

    public long feesDifference() {
        return after.fees() - before.fees();
    }

    public long suspenseDifference() {
        return suspense.stream().mapToLong(SuspenseDifference::difference).sum();
    }

    public long membersDifference() {
        return members.stream().mapToLong(MemberDifference::difference).sum();
    }

    /**
     * What the builder owes for the restatement: the difference of the tenant gross (a credit when negative). The
     * identity each restatement keeps: it equals the fees' difference plus the suspense's plus the members'.
     *
     * @throws IllegalStateException if the parts do not add up to the tenant gross's difference
     */
    public void verifyConservation() {
        long parts = feesDifference() + suspenseDifference() + membersDifference();
        if (parts != tenantGrossDifference()) {
            throw new IllegalStateException("fees " + feesDifference() + " + suspense " + suspenseDifference() + " + members "
                    + membersDifference() + " != tenant gross difference " + tenantGrossDifference());
        }
        long beforeParts = before.fees() + members.stream().mapToLong(MemberDifference::before).sum()
                + suspense.stream().mapToLong(SuspenseDifference::before).sum();
        if (beforeParts != before.tenantGross()) {
            throw new IllegalStateException("before: parts " + beforeParts + " != tenant gross " + before.tenantGross());
        }
    }
}
