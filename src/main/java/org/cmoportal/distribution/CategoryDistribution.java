package org.cmoportal.distribution;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;

/**
 * Step 3 for one administered category: amount, admin fee, net, and the net's split over the refs with
 * usage (refs in code point order), or the whole net to suspense when there was no usage.
 */
public final class CategoryDistribution {

    private final String category;
    private final DistributionRule rule;
    private final long amount;
    private final Rate adminFeeRate;
    private final long fee;
    private final String[] refs;
    private final long[] units;
    private final long[] amounts;
    private final boolean[] matched;
    private final long categoryUnits;
    private final long paid;
    private final long unmatched;
    private final long leftover;

    CategoryDistribution(String category, DistributionRule rule, long amount, Rate adminFeeRate, long fee,
            String[] refs, long[] units, long[] amounts, boolean[] matched, long leftover) {
        this.category = category;
        this.rule = rule;
        this.amount = amount;
        this.adminFeeRate = adminFeeRate;
        this.fee = fee;
        this.refs = refs;
        this.units = units;
        this.amounts = amounts;
        this.matched = matched;
        this.leftover = leftover;
        long unitSum = 0;
        long paidSum = 0;
        long unmatchedSum = 0;
        for (int i = 0; i < refs.length; i++) {
            unitSum = Math.addExact(unitSum, units[i]);
            if (matched[i]) {
                paidSum += amounts[i];
            } else {
                unmatchedSum += amounts[i];
            }
        }
        this.categoryUnits = unitSum;
        this.paid = paidSum;
        this.unmatched = unmatchedSum;
    }

    public String category() {
        return category;
    }

    public DistributionRule rule() {
        return rule;
    }

    /** The category's part of the pool (step 2). */
    public long amount() {
        return amount;
    }

    public Rate adminFeeRate() {
        return adminFeeRate;
    }

    /** half_even(amount × admin fee rate). */
    public long fee() {
        return fee;
    }

    /** amount - fee: what the members' allocation splits. */
    public long net() {
        return amount - fee;
    }

    /** Whether any usage line named this category; if not, the whole net is {@link #categorySuspense()}. */
    public boolean hasUsage() {
        return refs.length > 0;
    }

    /** The net when the category had no usage, else 0. */
    public long categorySuspense() {
        return hasUsage() ? 0 : net();
    }

    /** The sum of all units reported in this category (shown on statements as categoryUnits). */
    public long categoryUnits() {
        return categoryUnits;
    }

    /** The sum of the weights the net was allocated over: categoryUnits, or the number of refs under equal shares. */
    public long weightSum() {
        return rule == DistributionRule.EQUAL_SHARES ? refs.length : categoryUnits;
    }

    /** Paid to matched members. */
    public long paid() {
        return paid;
    }

    /** Held in suspense for refs that matched no member. */
    public long unmatchedSuspense() {
        return unmatched;
    }

    /**
     * The minor units of the net left after every ref's share was rounded down, which went one each to the largest
     * remainders (0 without usage): what a line's trail tells of the rounding.
     */
    public long roundingLeftover() {
        return leftover;
    }

    /** Number of distinct refs with usage. */
    public int payoutCount() {
        return refs.length;
    }

    public String ref(int i) {
        return refs[i];
    }

    public long units(int i) {
        return units[i];
    }

    public long payout(int i) {
        return amounts[i];
    }

    public boolean matched(int i) {
        return matched[i];
    }

    /**
     * Checks the category's part of the invariants of economics.md: fee + payouts + category suspense = amount, and no
     * figure is negative.
     *
     * @throws IllegalStateException naming the first equation that does not hold
     */
    public void verifyInvariants() {
        nonNegative(fee, "fee of " + category);
        nonNegative(net(), "net of " + category);
        long payouts = 0;
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] < 0) {
                nonNegative(amounts[i], "payout of " + refs[i] + " in " + category);
            }
            payouts += amounts[i];
        }
        long parts = fee + payouts + categorySuspense();
        if (parts != amount) {
            throw new IllegalStateException(category + ": fee + payouts + suspense = " + parts + ", amount is " + amount);
        }
    }

    private static void nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalStateException(what + " is negative: " + value);
        }
    }

    /** The payouts in code point order of ref; a view built on demand, so a million refs cost no extra memory. */
    public List<Payout> payouts() {
        return new AbstractList<>() {
            @Override
            public Payout get(int i) {
                return payoutAt(i);
            }

            @Override
            public int size() {
                return refs.length;
            }
        };
    }

    /** The payout of one ref, if it had usage here. */
    public Optional<Payout> payoutFor(String ref) {
        int i = Arrays.binarySearch(refs, ref, CodePointOrder.INSTANCE);
        return i < 0 ? Optional.empty() : Optional.of(payoutAt(i));
    }

    private Payout payoutAt(int i) {
        long weight = rule == DistributionRule.EQUAL_SHARES ? 1 : units[i];
        return new Payout(refs[i], units[i], weight, amounts[i], matched[i]);
    }
}
