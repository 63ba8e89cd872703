package org.cmoportal.statement;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.money.Allocation;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.web.Formats;

/**
 * How an amount came about, step by step, from the filing's stored figures down to the member's share: each
 * step shows its working with the figures a person can type into a calculator. The stored figures are
 * checked against the engine's rules ({@code Rate.applyTo}, {@code Allocation.allocate}) and
 * {@link #consistent()} says whether every one matched; nothing here uses floating point.
 */
public record Trail(String title, List<TrailStep> steps, boolean consistent, Figures figures) {

    /** The trail's figures in minor units, for checking it multiplies out. */
    public record Figures(long revenue, long servingCost, long postTrainingCost, long operatingProfit, Rate share,
            long pool, Rate categoryWeight, long categoryFloor, long categoryAmount, Rate feeRate, long fee, long net,
            long weight, long weightSum, long shareFloor, long leftoverInCategory, long amount) {
    }

    /** The member's side: pool, category, fee, net, and their share of the net. */
    public static Trail member(FilingRecord f, String category, String categoryLabel, DistributionRule rule, Rate feeRate,
            long units, long categoryUnits, long refsWithUsage, long floorSum, long amount, CurrencyUnit cu) {
        Builder b = new Builder(f, cu);
        b.profitAndPool();
        FilingRecord.CategoryRecord c = f.category(category);
        long categoryFloor = b.category(c, categoryLabel);

        long fee = c.fee();
        boolean feeFromRate = feeRate.applyTo(c.amount()) == fee;
        b.steps.add(new TrailStep("The CMO's administration fee (" + Formats.percent(feeRate) + ")",
                b.m(c.amount()) + " × " + feeRate + " = " + b.exact(BigInteger.valueOf(c.amount()).multiply(BigInteger.valueOf(feeRate.millionths())), BigInteger.valueOf(Rate.ONE_MILLIONTHS)),
                "− " + b.m(fee),
                feeFromRate ? "Rounded half-even to the " + b.minorName() + "; the fee is taken once per category, before anyone's share."
                        : "The fee recorded when the period was calculated (the CMO's rate has changed since)."));
        long net = c.amount() - fee;
        b.consistent &= net == c.net();
        b.steps.add(new TrailStep("Net to share among the members with usage", b.m(c.amount()) + " − " + b.m(fee), b.m(net), null));

        long weight = rule == DistributionRule.EQUAL_SHARES ? 1 : units;
        long weightSum = rule == DistributionRule.EQUAL_SHARES ? refsWithUsage : categoryUnits;
        BigInteger product = BigInteger.valueOf(net).multiply(BigInteger.valueOf(weight));
        long shareFloor = weightSum == 0 ? 0 : product.divide(BigInteger.valueOf(weightSum)).longValueExact();
        long extra = amount - shareFloor;
        long leftover = net - floorSum;
        b.consistent &= extra == 0 || extra == 1;
        String who = rule == DistributionRule.EQUAL_SHARES
                ? "Your share: an equal share, 1 of " + grouped(refsWithUsage) + " members with usage (your " + grouped(units) + " units count for taking part)"
                : "Your share: " + grouped(units) + " of the category's " + grouped(categoryUnits) + " units";
        String note = "Everyone's share is first rounded down, here to " + b.m(shareFloor) + ". "
                + b.m(leftover) + " " + b.currencyWord() + " were left in the category after rounding every member down; "
                + "they went one " + b.minorName() + " each to the largest remainders (ties to the smaller ref)"
                + (extra == 1 ? ", and yours was one of them: + " + b.m(1) + "." : ", and yours was not among them.");
        b.steps.add(new TrailStep(who, b.m(net) + " × " + grouped(weight) + " ÷ " + grouped(weightSum) + " = "
                + b.exact(product, BigInteger.valueOf(Math.max(1, weightSum))), b.m(amount), note));

        Figures figures = new Figures(f.revenue(), f.servingCost(), f.postTrainingCost(), f.operatingProfit(),
                f.dataValueShare(), f.pool(), c.weight(), categoryFloor, c.amount(), feeRate, fee, net, weight, weightSum,
                shareFloor, leftover, amount);
        return new Trail("How " + b.m(amount) + " " + cu.code() + " came about", b.steps, b.consistent, figures);
    }

    /** The builder's side: what one filing owes this CMO, category by category. */
    public static Trail builder(FilingRecord f, java.util.function.Function<String, String> labels, CurrencyUnit cu) {
        Builder b = new Builder(f, cu);
        b.profitAndPool();
        long owed = 0;
        for (FilingRecord.CategoryRecord c : f.categories()) {
            if (c.administered()) {
                b.category(c, labels.apply(c.key()));
                owed += c.amount();
            }
        }
        b.consistent &= owed == f.tenantGross();
        b.steps.add(new TrailStep("Owed to this CMO for " + f.model(), "the sum of the categories it administers", b.m(owed), null));
        return new Trail("How " + b.m(owed) + " " + cu.code() + " is owed for " + f.model(), b.steps, b.consistent, null);
    }

    static String grouped(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    /** Collects steps and the consistency of the stored figures with the engine's rules. */
    private static final class Builder {
        final FilingRecord f;
        final CurrencyUnit cu;
        final List<TrailStep> steps = new ArrayList<>();
        boolean consistent = true;

        Builder(FilingRecord f, CurrencyUnit cu) {
            this.f = f;
            this.cu = cu;
        }

        String m(long minor) {
            return Amounts.formatGrouped(minor, cu);
        }

        String minorName() {
            return cu.exponent() == 0 ? "unit" : "minor unit (cent)";
        }

        String currencyWord() {
            return cu.code();
        }

        /** numerator / denominator minor units, in major units with six more digits, "…" when it goes on. */
        String exact(BigInteger numerator, BigInteger denominator) {
            BigDecimal minor = new BigDecimal(numerator).divide(new BigDecimal(denominator), 6, RoundingMode.DOWN);
            boolean more = new BigDecimal(numerator).compareTo(minor.multiply(new BigDecimal(denominator))) != 0;
            BigDecimal major = minor.movePointLeft(cu.exponent());
            String text = String.format(Locale.ENGLISH, "%,." + (cu.exponent() + 6) + "f", major);
            // keep the currency's digits, drop the zeros after them
            int keep = text.length() - 6;
            String tail = text.substring(keep).replaceAll("0+$", "");
            String out = (cu.exponent() == 0 && tail.isEmpty()) ? text.substring(0, keep - 1) : text.substring(0, keep) + tail;
            return out + (more ? "…" : "");
        }

        void profitAndPool() {
            long op = f.revenue() - f.servingCost() - f.postTrainingCost();
            consistent &= op == f.operatingProfit();
            steps.add(new TrailStep("Operating profit of " + f.model() + " (" + f.builder() + ")",
                    "revenue " + m(f.revenue()) + " − serving cost " + m(f.servingCost()) + " − post-training cost "
                            + m(f.postTrainingCost()),
                    (op < 0 ? "−" + m(-op) : m(op)), op <= 0 ? "No operating profit, so there is no pool to share this period." : null));
            long pool = op > 0 ? f.dataValueShare().applyTo(op) : 0;
            consistent &= pool == f.pool();
            String attested = f.attestationEvaluator() == null ? " The figures are not attested by an independent evaluator."
                    : " The figures are attested by " + f.attestationEvaluator()
                            + (f.attestationReference() == null ? "" : " (" + f.attestationReference() + ")") + ".";
            for (String valuation : f.valuations()) {
                attested += " " + Character.toUpperCase(valuation.charAt(0)) + valuation.substring(1) + ".";
            }
            steps.add(new TrailStep("Pool: the data-value share (" + Formats.percent(f.dataValueShare()) + ") of the operating profit",
                    op > 0 ? m(op) + " × " + f.dataValueShare() + " = "
                            + exact(BigInteger.valueOf(op).multiply(BigInteger.valueOf(f.dataValueShare().millionths())), BigInteger.valueOf(Rate.ONE_MILLIONTHS))
                            : "operating profit ≤ 0",
                    m(f.pool()), (op > 0 ? "Rounded half-even to the " + minorName() + "." : "") + attested));
        }

        /** The category's part of the pool; returns its rounded-down share. */
        long category(FilingRecord.CategoryRecord c, String label) {
            List<FilingRecord.CategoryRecord> all = f.categories();
            String[] keys = new String[all.size()];
            long[] weights = new long[all.size()];
            long floorSum = 0;
            for (int i = 0; i < keys.length; i++) {
                keys[i] = all.get(i).key();
                weights[i] = all.get(i).weight().millionths();
                floorSum += f.pool() * weights[i] / Rate.ONE_MILLIONTHS;
            }
            boolean anyWeight = false;
            for (long w : weights) {
                anyWeight |= w > 0;
            }
            if (anyWeight) {
                long[] parts = Allocation.allocate(f.pool(), keys, weights);
                for (int i = 0; i < keys.length; i++) {
                    consistent &= parts[i] == all.get(i).amount();
                }
            }
            long floor = f.pool() * c.weight().millionths() / Rate.ONE_MILLIONTHS;
            long extra = c.amount() - floor;
            long left = f.pool() - floorSum;
            steps.add(new TrailStep("The category " + label + " (mixture weight " + c.weight() + ")",
                    m(f.pool()) + " × " + c.weight() + " = " + exact(BigInteger.valueOf(f.pool()).multiply(BigInteger.valueOf(c.weight().millionths())), BigInteger.valueOf(Rate.ONE_MILLIONTHS)),
                    m(c.amount()),
                    "The pool is split over all " + all.size() + " categories of the model's training mixture: each is rounded down, and the "
                            + m(left) + " left went one " + minorName() + " each to the largest remainders"
                            + (extra > 0 ? "; this category received + " + m(extra) + "." : "; this category needed none.")));
            return floor;
        }
    }
}
