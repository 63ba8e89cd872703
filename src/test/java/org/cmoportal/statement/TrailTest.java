package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cmoportal.distribution.CategoryAmount;
import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.CategoryUsage;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.Payout;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.money.Rounding;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The calculation trail: built from stored figures, every step multiplies out and ends at the engine's amount. */
class TrailTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    @Test
    void theWorkedExampleReadsAsEconomicsMdSays() {
        FilingCalculation c = workedExample();
        Trail t = memberTrail(c, "news", "alice", DistributionRule.PRO_RATA_UNITS);
        Trail.Figures f = t.figures();
        assertThat(t.consistent()).isTrue();
        assertThat(f.operatingProfit()).isEqualTo(75_000_000);
        assertThat(f.pool()).isEqualTo(22_500_000);
        assertThat(f.categoryAmount()).isEqualTo(5_625_000);
        assertThat(f.fee()).isEqualTo(562_500);
        assertThat(f.net()).isEqualTo(5_062_500);
        assertThat(f.shareFloor()).isEqualTo(2_169_642);
        assertThat(f.leftoverInCategory()).isEqualTo(2);
        assertThat(f.amount()).isEqualTo(2_169_643);
        List<String> text = t.steps().stream().map(s -> s.label() + " | " + s.working() + " | " + s.result() + " | " + s.note()).toList();
        assertThat(text.get(0)).contains("revenue 1,250,000.00 − serving cost 400,000.00 − post-training cost 100,000.00 | 750,000.00");
        assertThat(text.get(1)).contains("750,000.00 × 0.3 = 225,000.00 | 225,000.00");
        assertThat(text.get(2)).contains("225,000.00 × 0.25 = 56,250.00 | 56,250.00");
        assertThat(text.get(3)).contains("56,250.00 × 0.1 = 5,625.00 | − 5,625.00");
        assertThat(text.get(4)).contains("56,250.00 − 5,625.00 | 50,625.00");
        assertThat(text.get(5)).contains("3 of the category's 7 units")
                .contains("50,625.00 × 3 ÷ 7 = 21,696.42857142… | 21,696.43")
                .contains("rounded down, here to 21,696.42").contains("0.02 USD were left").contains("yours was one of them: + 0.01");
        Trail bob = memberTrail(c, "news", "bob", DistributionRule.PRO_RATA_UNITS);
        assertThat(bob.figures().amount()).isEqualTo(723_214);
        assertThat(bob.steps().get(5).note()).contains("yours was not among them");
    }

    @Test
    void aStoredFigureThatDisagreesWithTheRulesIsFlagged() {
        FilingCalculation c = workedExample();
        FilingRecord honest = record(c);
        FilingRecord tampered = new FilingRecord(honest.id(), honest.builder(), honest.model(), honest.revenue(), honest.servingCost(),
                honest.postTrainingCost(), honest.dataValueShare(), honest.operatingProfit(), honest.pool() + 1, honest.tenantGross(),
                null, null, honest.categories());
        CategoryDistribution d = c.distribution("news").orElseThrow();
        Payout p = d.payoutFor("alice").orElseThrow();
        Trail t = Trail.member(tampered, "news", "News", d.rule(), Rate.parse("0.1"), p.units(), d.categoryUnits(), d.payoutCount(),
                floorSum(d), p.amount(), USD);
        assertThat(t.consistent()).isFalse();
    }

    @Test
    void equalSharesExplainsOneShareEach() {
        FilingCalculation c = calculate("100.00", "0", "0", "1", Map.of("books", "1"),
                new Object[][] {{"books", "alice", 1L}, {"books", "bob", 5L}, {"books", "carol", 2L}},
                Map.of("books", DistributionRule.EQUAL_SHARES));
        Trail t = memberTrail(c, "books", "alice", DistributionRule.EQUAL_SHARES);
        assertThat(t.figures().weight()).isEqualTo(1);
        assertThat(t.figures().weightSum()).isEqualTo(3);
        assertThat(t.steps().get(5).label()).contains("1 of 3 members");
        assertThat(t.consistent()).isTrue();
    }

    @Test
    void aLossExplainsThatThereWasNoPool() {
        FilingCalculation c = calculate("1000.00", "2000.00", "0", "0.3", Map.of("news", "1"), new Object[][] {{"news", "alice", 4L}},
                Map.of("news", DistributionRule.PRO_RATA_UNITS));
        Trail t = memberTrail(c, "news", "alice", DistributionRule.PRO_RATA_UNITS);
        assertThat(t.steps().get(0).result()).isEqualTo("−1,000.00");
        assertThat(t.steps().get(0).note()).contains("No operating profit");
        assertThat(t.figures().amount()).isZero();
        assertThat(t.consistent()).isTrue();
    }

    /** Whatever the figures, every step of the trail multiplies out and lands on the engine's payout. */
    @Property(tries = 300)
    void everyStepMultipliesOut(@ForAll @LongRange(min = 0, max = 5_000_000_000L) long revenue,
            @ForAll @LongRange(min = 0, max = 2_000_000_000L) long costs, @ForAll @IntRange(min = 0, max = 1_000_000) int share,
            @ForAll @IntRange(min = 1, max = 999_999) int newsWeight, @ForAll @IntRange(min = 0, max = 1_000_000) int feeMillionths,
            @ForAll @LongRange(min = 1, max = 1000) long aliceUnits, @ForAll @LongRange(min = 1, max = 1000) long bobUnits,
            @ForAll @LongRange(min = 1, max = 1000) long zedUnits) {
        Rate fee = Rate.ofMillionths(feeMillionths);
        FilingFigures figures = new FilingFigures(revenue, costs, 0, Rate.ofMillionths(share),
                new MixtureWeights(Map.of("news", Rate.ofMillionths(newsWeight), "other", Rate.ofMillionths(1_000_000 - newsWeight))));
        Usage usage = Usage.builder().add("news", "alice", aliceUnits).add("news", "bob", bobUnits).add("news", "zed", zedUnits).build();
        FilingCalculation c = FilingCalculator.calculate(figures, TenantTerms.of(fee, Map.of("news", DistributionRule.PRO_RATA_UNITS)),
                usage, Set.of("alice", "bob"));
        CategoryDistribution d = c.distribution("news").orElseThrow();
        for (Payout p : d.payouts()) {
            Trail t = Trail.member(record(c), "news", "News", d.rule(), fee, p.units(), d.categoryUnits(), d.payoutCount(), floorSum(d),
                    p.amount(), USD);
            Trail.Figures f = t.figures();
            assertThat(t.consistent()).isTrue();
            assertThat(f.operatingProfit()).isEqualTo(f.revenue() - f.servingCost() - f.postTrainingCost());
            assertThat(f.pool()).isEqualTo(f.operatingProfit() <= 0 ? 0 : Rounding.halfEvenOfProduct(f.operatingProfit(), f.share().millionths(), 1_000_000));
            assertThat(f.categoryFloor()).isEqualTo(f.pool() * f.categoryWeight().millionths() / 1_000_000);
            assertThat(f.categoryAmount() - f.categoryFloor()).isBetween(0L, 1L);
            assertThat(f.fee()).isEqualTo(Rounding.halfEvenOfProduct(f.categoryAmount(), f.feeRate().millionths(), 1_000_000));
            assertThat(f.net()).isEqualTo(f.categoryAmount() - f.fee());
            assertThat(f.shareFloor()).isEqualTo(BigInteger.valueOf(f.net()).multiply(BigInteger.valueOf(f.weight()))
                    .divide(BigInteger.valueOf(f.weightSum())).longValueExact());
            assertThat(f.amount() - f.shareFloor()).isBetween(0L, 1L);
            assertThat(f.leftoverInCategory()).isBetween(0L, (long) d.payoutCount() - 1);
            assertThat(f.amount()).isEqualTo(p.amount());
            assertThat(t.steps().get(5).result()).isEqualTo(Amounts.formatGrouped(p.amount(), USD));
        }
    }

    /**
     * The units the engine counts as left after rounding down (which the run stores for the trail) are the net less
     * everyone's rounded-down share, under both rules, for any usage and any net.
     */
    @Property(tries = 500)
    void theEnginesLeftoverIsTheNetLessEveryRoundedDownShare(@ForAll @LongRange(min = 0, max = 9_000_000_000_000L) long amount,
            @ForAll @IntRange(min = 0, max = 1_000_000) int feeMillionths, @ForAll boolean equalShares,
            @ForAll("usage") List<Long> units) {
        CategoryUsage usage = new CategoryUsage(units.size());
        for (int i = 0; i < units.size(); i++) {
            usage.add("r" + (i % 7) + "\u00e9" + i % 3, units.get(i), i % 2 == 0);
        }
        DistributionRule rule = equalShares ? DistributionRule.EQUAL_SHARES : DistributionRule.PRO_RATA_UNITS;
        CategoryDistribution d = FilingCalculator.distribute("news", rule, amount, Rate.ofMillionths(feeMillionths), usage);
        long expected = d.hasUsage() ? d.net() - floorSum(d) : 0;
        assertThat(d.roundingLeftover()).isEqualTo(expected).isBetween(0L, Math.max(0L, d.payoutCount() - 1L));
    }

    @Provide
    Arbitrary<List<Long>> usage() {
        return Arbitraries.longs().between(1, 1_000_000_000L).list().ofMaxSize(25);
    }

    static FilingCalculation workedExample() {
        return calculate("1250000.00", "400000.00", "100000.00", "0.30",
                Map.of("news", "0.25", "code", "0.40", "books", "0.15", "other", "0.20"),
                new Object[][] {{"news", "alice", 3L}, {"news", "bob", 1L}, {"news", "zed", 3L}},
                Map.of("news", DistributionRule.PRO_RATA_UNITS));
    }

    static FilingCalculation calculate(String revenue, String serving, String post, String share, Map<String, String> weights,
            Object[][] usage, Map<String, DistributionRule> categories) {
        FilingFigures figures = new FilingFigures(Amounts.parse(revenue, USD), Amounts.parse(serving, USD), Amounts.parse(post, USD),
                Rate.parse(share), MixtureWeights.parse(weights));
        Usage.Builder u = Usage.builder();
        for (Object[] line : usage) {
            u.add((String) line[0], (String) line[1], (Long) line[2]);
        }
        return FilingCalculator.calculate(figures, TenantTerms.of(Rate.parse("0.1"), categories), u.build(), Set.of("alice", "bob", "carol"));
    }

    static Trail memberTrail(FilingCalculation c, String category, String ref, DistributionRule rule) {
        CategoryDistribution d = c.distribution(category).orElseThrow();
        Payout p = d.payoutFor(ref).orElseThrow();
        return Trail.member(record(c), category, category, rule, Rate.parse("0.1"), p.units(), d.categoryUnits(), d.payoutCount(),
                floorSum(d), p.amount(), USD);
    }

    /** What the database holds for a filing, as the distribution stores it. */
    static FilingRecord record(FilingCalculation c) {
        List<FilingRecord.CategoryRecord> categories = new ArrayList<>();
        for (CategoryAmount a : c.categoryAmounts()) {
            CategoryDistribution d = c.distribution(a.category()).orElse(null);
            categories.add(new FilingRecord.CategoryRecord(a.category(), a.weight(), a.amount(), a.administered(),
                    d == null ? 0 : d.fee(), d == null ? 0 : d.net(), d == null ? 0 : d.categoryUnits()));
        }
        FilingFigures f = c.figures();
        return new FilingRecord(1, "Acme AI", "acme-llm-7", f.revenue(), f.servingCost(), f.postTrainingCost(), f.dataValueShare(),
                c.operatingProfit(), c.pool(), c.tenantGross(), null, null, categories);
    }

    /** The sum of everyone's rounded-down share, worked out line by line (as the trail did in SQL before V43). */
    static long floorSum(CategoryDistribution d) {
        long sum = 0;
        for (Payout p : d.payouts()) {
            sum += BigInteger.valueOf(d.net()).multiply(BigInteger.valueOf(p.weight())).divide(BigInteger.valueOf(d.weightSum())).longValueExact();
        }
        return sum;
    }
}
