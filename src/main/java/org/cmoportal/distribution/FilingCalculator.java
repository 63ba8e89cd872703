package org.cmoportal.distribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.cmoportal.money.Allocation;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;

/** Computes a filing's figures for one tenant, steps 1 to 3 of economics.md. The one implementation of them. */
public final class FilingCalculator {

    private FilingCalculator() {
    }

    /**
     * @param memberRefs the tenant's known member refs, compared exactly; any other ref's share goes to suspense
     * @throws CalculationInputException if the usage names a category the tenant does not administer, or a
     *                                   category's units add up beyond {@code Long.MAX_VALUE}
     */
    public static FilingCalculation calculate(FilingFigures figures, TenantTerms terms, Usage usage,
            Set<String> memberRefs) {
        // Step 1: the pool.
        long operatingProfit = figures.operatingProfit();
        long pool = operatingProfit <= 0 ? 0 : figures.dataValueShare().applyTo(operatingProfit);

        // Step 2: allocate over ALL categories of the mixture (keys already in code point order).
        Map<String, Rate> weights = figures.mixtureWeights().weights();
        long[] w = new long[weights.size()];
        int c = 0;
        for (Rate rate : weights.values()) {
            w[c++] = rate.millionths();
        }
        long[] parts = Allocation.allocateInKeyOrder(pool, w);
        List<CategoryAmount> categoryAmounts = new ArrayList<>(weights.size());
        c = 0;
        for (Map.Entry<String, Rate> e : weights.entrySet()) {
            categoryAmounts.add(new CategoryAmount(e.getKey(), e.getValue(), parts[c++], terms.administers(e.getKey())));
        }

        // Step 3: per administered category.
        int[][] linesByCategory = groupLines(usage, terms);
        List<CategoryDistribution> distributions = new ArrayList<>(terms.categories().size());
        for (Map.Entry<String, DistributionRule> e : terms.categories().entrySet()) {
            String category = e.getKey();
            // An administered category missing from the mixture has weight 0 there, so amount 0.
            long amount = categoryAmounts.stream().filter(a -> a.category().equals(category))
                    .mapToLong(CategoryAmount::amount).findFirst().orElse(0);
            int index = usage.categories().indexOf(category);
            int[] lines = index < 0 ? new int[0] : linesByCategory[index];
            String[] refs = usage.refs();
            distributions.add(distribute(category, e.getValue(), amount, terms.adminFeeRate(), refs, usage.unitsArray(),
                    lines, line -> memberRefs.contains(refs[line])));
        }
        return new FilingCalculation(figures, terms.shareBand().contains(figures.dataValueShare()), pool,
                categoryAmounts, distributions);
    }

    /** Line indexes per usage category, rejecting categories the tenant does not administer. */
    private static int[][] groupLines(Usage usage, TenantTerms terms) {
        List<String> categories = usage.categories();
        int[] counts = new int[categories.size()];
        for (int i = 0; i < usage.size(); i++) {
            counts[usage.categoryIndex(i)]++;
        }
        for (int k = 0; k < categories.size(); k++) {
            if (!terms.administers(categories.get(k))) {
                throw new CalculationInputException("usage", counts[k] + " line(s) name category \""
                        + categories.get(k) + "\", which this CMO does not administer (it administers "
                        + String.join(", ", terms.categories().keySet()) + "); remove them or file them with its CMO");
            }
        }
        int[][] byCategory = new int[categories.size()][];
        for (int k = 0; k < categories.size(); k++) {
            byCategory[k] = new int[counts[k]];
        }
        int[] fill = new int[categories.size()];
        for (int i = 0; i < usage.size(); i++) {
            int k = usage.categoryIndex(i);
            byCategory[k][fill[k]++] = i;
        }
        return byCategory;
    }

    /**
     * Step 3 for one administered category of one filing whose step 2 is already done: the fee on {@code amount} and
     * the net's split over the category's usage. The distribution run calls this for each (filing, category) of a
     * period as it streams the usage, with the category's amount as the filing stored it; {@link #calculate} calls
     * the same code for each category of a filing. Lines of the same ref are added up; the order of the lines does
     * not matter (they are sorted here), though lines already in code point order of ref sort fastest.
     *
     * @throws CalculationInputException if the category's units add up beyond {@code Long.MAX_VALUE}
     */
    public static CategoryDistribution distribute(String category, DistributionRule rule, long amount, Rate feeRate,
            CategoryUsage usage) {
        int[] lines = new int[usage.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i;
        }
        return distribute(category, rule, amount, feeRate, usage.refs(), usage.unitsArray(), lines, usage::matched);
    }

    /** The one implementation of step 3 for a category: {@code lines} index {@code lineRefs} and {@code lineUnits}. */
    private static CategoryDistribution distribute(String category, DistributionRule rule, long amount, Rate feeRate,
            String[] lineRefs, long[] lineUnits, int[] lines, IntPredicate matchedLine) {
        long fee = feeRate.applyTo(amount);
        // Sort by ref in code point order, then add up lines of the same ref: this makes the input order
        // irrelevant and gives the tie order of allocate for free.
        CodePointOrder.sortIndexes(lineRefs, lines);
        String[] refs = new String[lines.length];
        long[] units = new long[lines.length];
        boolean[] matched = new boolean[lines.length];
        int n = 0;
        for (int line : lines) {
            if (n > 0 && refs[n - 1].equals(lineRefs[line])) {
                units[n - 1] = addUnits(units[n - 1], lineUnits[line], category);
            } else {
                refs[n] = lineRefs[line];
                units[n] = lineUnits[line];
                matched[n] = matchedLine.test(line);
                n++;
            }
        }
        if (n < lines.length) {
            refs = Arrays.copyOf(refs, n);
            units = Arrays.copyOf(units, n);
            matched = Arrays.copyOf(matched, n);
        }
        // The units are the allocation's weights: their sum must fit a long, and the message should say so.
        long unitSum = 0;
        for (long u : units) {
            unitSum = addUnits(unitSum, u, category);
        }
        long net = amount - fee;
        long[] amounts;
        long[] leftover = {0};
        if (n == 0) {
            amounts = new long[0];
        } else if (rule == DistributionRule.EQUAL_SHARES) {
            long[] ones = new long[n];
            Arrays.fill(ones, 1);
            amounts = Allocation.allocateInKeyOrder(net, ones, leftover);
        } else {
            amounts = Allocation.allocateInKeyOrder(net, units, leftover);
        }
        return new CategoryDistribution(category, rule, amount, feeRate, fee, refs, units, amounts, matched, leftover[0]);
    }

    private static long addUnits(long a, long b, String category) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CalculationInputException("usage", "the units of category \"" + category + "\" add up to more than "
                    + Long.MAX_VALUE + "; report them in a larger unit");
        }
    }
}
