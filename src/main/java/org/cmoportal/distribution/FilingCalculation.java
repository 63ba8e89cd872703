package org.cmoportal.distribution;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;

/**
 * Every figure of one filing for one tenant, from operating profit to each ref's payout, so a page can show
 * how each amount came about. Built by {@link FilingCalculator}; its invariants are checked on creation.
 */
public final class FilingCalculation {

    private final FilingFigures figures;
    private final boolean shareWithinBand;
    private final long pool;
    private final List<CategoryAmount> categoryAmounts;
    private final List<CategoryDistribution> distributions;
    private final long tenantGross;
    private final long fees;
    private final long paid;
    private final long suspense;

    FilingCalculation(FilingFigures figures, boolean shareWithinBand, long pool, List<CategoryAmount> categoryAmounts,
            List<CategoryDistribution> distributions) {
        this.figures = figures;
        this.shareWithinBand = shareWithinBand;
        this.pool = pool;
        this.categoryAmounts = List.copyOf(categoryAmounts);
        this.distributions = List.copyOf(distributions);
        long gross = 0;
        long feeSum = 0;
        long paidSum = 0;
        long suspenseSum = 0;
        for (CategoryDistribution d : this.distributions) {
            gross += d.amount();
            feeSum += d.fee();
            paidSum += d.paid();
            suspenseSum += d.unmatchedSuspense() + d.categorySuspense();
        }
        this.tenantGross = gross;
        this.fees = feeSum;
        this.paid = paidSum;
        this.suspense = suspenseSum;
        verifyInvariants();
    }

    public FilingFigures figures() {
        return figures;
    }

    /** revenue - serving cost - post-training cost; negative for a loss, which stays visible here. */
    public long operatingProfit() {
        return figures.operatingProfit();
    }

    public Rate dataValueShare() {
        return figures.dataValueShare();
    }

    /** False when the share lies outside the tenant's band: the filing needs review, the figures are the same. */
    public boolean shareWithinBand() {
        return shareWithinBand;
    }

    /** 0 if operating profit <= 0, else half_even(operating profit × data-value share). */
    public long pool() {
        return pool;
    }

    /** allocate(pool, mixture weights) over all categories of the filing, in code point order of the key. */
    public List<CategoryAmount> categoryAmounts() {
        return categoryAmounts;
    }

    /** One per category the tenant administers, in code point order of the key. */
    public List<CategoryDistribution> distributions() {
        return distributions;
    }

    public Optional<CategoryDistribution> distribution(String category) {
        return distributions.stream().filter(d -> d.category().equals(category)).findFirst();
    }

    /** Sum of the administered categories' amounts. */
    public long tenantGross() {
        return tenantGross;
    }

    public long fees() {
        return fees;
    }

    /** Paid to matched members. */
    public long paid() {
        return paid;
    }

    /** Unmatched refs' shares plus the net of categories without usage. */
    public long suspense() {
        return suspense;
    }

    /** Unmatched refs' shares summed over categories, in code point order of ref. */
    public Map<String, Long> suspenseByRef() {
        Map<String, Long> byRef = new TreeMap<>(CodePointOrder.INSTANCE);
        for (CategoryDistribution d : distributions) {
            for (int i = 0; i < d.payoutCount(); i++) {
                if (!d.matched(i)) {
                    byRef.merge(d.ref(i), d.payout(i), Long::sum);
                }
            }
        }
        return Collections.unmodifiableMap(byRef);
    }

    /** The whole net of each administered category that had no usage (disjoint from {@link #suspenseByRef()}). */
    public Map<String, Long> suspenseByCategory() {
        Map<String, Long> byCategory = new TreeMap<>(CodePointOrder.INSTANCE);
        for (CategoryDistribution d : distributions) {
            if (!d.hasUsage()) {
                byCategory.put(d.category(), d.categorySuspense());
            }
        }
        return Collections.unmodifiableMap(byCategory);
    }

    /**
     * Checks the invariants of economics.md: the category amounts add up to the pool, each administered
     * category's fee + payouts + suspense add up to its amount (so to the tenant gross), every amount is a
     * non-negative integer.
     *
     * @throws IllegalStateException naming the first equation that does not hold
     */
    public void verifyInvariants() {
        long categorySum = 0;
        for (CategoryAmount c : categoryAmounts) {
            nonNegative(c.amount(), "amount of " + c.category());
            categorySum += c.amount();
        }
        if (categorySum != pool) {
            throw new IllegalStateException("category amounts add up to " + categorySum + ", pool is " + pool);
        }
        nonNegative(pool, "pool");
        long grossCheck = 0;
        for (CategoryDistribution d : distributions) {
            d.verifyInvariants();
            grossCheck += d.amount();
        }
        if (grossCheck != tenantGross || fees + paid + suspense != tenantGross) {
            throw new IllegalStateException("fees " + fees + " + paid " + paid + " + suspense " + suspense
                    + " != tenant gross " + tenantGross);
        }
    }

    private static void nonNegative(long amount, String what) {
        if (amount < 0) {
            throw new IllegalStateException(what + " is negative: " + amount);
        }
    }
}
