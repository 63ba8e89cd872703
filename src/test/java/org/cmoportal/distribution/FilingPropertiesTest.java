package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The invariants of economics.md, checked on generated filings (10,000 tries each). */
class FilingPropertiesTest {

    @Provide
    Arbitrary<FilingCases.Case> filings() {
        return FilingCases.cases();
    }

    @Property(tries = 10_000)
    void partsAddUpToTheWholeAtEveryLevelAndNothingIsNegative(@ForAll("filings") FilingCases.Case f) {
        FilingCalculation c = f.calculate();
        long op = f.revenue() - f.servingCost() - f.postTrainingCost();
        long expectedPool = op <= 0 ? 0 : new BigDecimal(op).multiply(f.share().toBigDecimal())
                .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        assertThat(c.pool()).isEqualTo(expectedPool);
        assertThat(c.categoryAmounts().stream().mapToLong(CategoryAmount::amount).sum()).isEqualTo(c.pool());
        assertThat(c.categoryAmounts()).allSatisfy(a -> assertThat(a.amount()).isNotNegative());

        long gross = 0;
        long everything = 0;
        for (CategoryDistribution d : c.distributions()) {
            gross += d.amount();
            assertThat(d.fee()).isEqualTo(new BigDecimal(d.amount()).multiply(f.feeRate().toBigDecimal())
                    .setScale(0, RoundingMode.HALF_EVEN).longValueExact());
            assertThat(d.fee()).isNotNegative();
            assertThat(d.net()).isNotNegative();
            long payouts = 0;
            for (Payout p : d.payouts()) {
                assertThat(p.amount()).isNotNegative();
                payouts += p.amount();
            }
            assertThat(d.hasUsage() ? payouts : d.categorySuspense()).isEqualTo(d.net());
            everything += d.fee() + payouts + d.categorySuspense();
        }
        assertThat(c.tenantGross()).isEqualTo(gross);
        assertThat(everything).isEqualTo(c.tenantGross());
        assertThat(c.fees() + c.paid() + c.suspense()).isEqualTo(c.tenantGross());
        long bySuspenseMaps = c.suspenseByRef().values().stream().mapToLong(Long::longValue).sum()
                + c.suspenseByCategory().values().stream().mapToLong(Long::longValue).sum();
        assertThat(bySuspenseMaps).isEqualTo(c.suspense());
    }

    @Property(tries = 10_000)
    void shufflingLinesAndCategoriesChangesNothing(@ForAll("filings") FilingCases.Case f, @ForAll Random random) {
        List<FilingCases.Line> lines = new ArrayList<>(f.lines());
        Collections.shuffle(lines, random);
        FilingCases.Case shuffled = new FilingCases.Case(f.revenue(), f.servingCost(), f.postTrainingCost(), f.share(),
                shuffledMap(f.weights(), random), f.feeRate(), shuffledMap(f.administered(), random), lines, f.members());
        assertThat(describe(shuffled.calculate())).isEqualTo(describe(f.calculate()));
    }

    @Property(tries = 10_000)
    void moreUnitsNeverGetLessUnderProRata(@ForAll("filings") FilingCases.Case f) {
        FilingCalculation c = f.calculate();
        for (CategoryDistribution d : c.distributions()) {
            for (Payout a : d.payouts()) {
                for (Payout b : d.payouts()) {
                    if (d.rule() == DistributionRule.PRO_RATA_UNITS && a.units() > b.units()) {
                        assertThat(a.amount()).isGreaterThanOrEqualTo(b.amount());
                    }
                    if (d.rule() == DistributionRule.EQUAL_SHARES) {
                        assertThat(Math.abs(a.amount() - b.amount())).isLessThanOrEqualTo(1);
                    }
                }
            }
        }
    }

    @Property(tries = 10_000)
    void zeroOrNegativeOperatingProfitPaysNothing(@ForAll("filings") FilingCases.Case generated) {
        // Make the costs at least the revenue.
        FilingCases.Case f = new FilingCases.Case(generated.revenue(), generated.revenue() - generated.revenue() / 7,
                generated.revenue() / 7 + generated.postTrainingCost() % 3, generated.share(), generated.weights(),
                generated.feeRate(), generated.administered(), generated.lines(), generated.members());
        FilingCalculation c = f.calculate();
        assertThat(c.operatingProfit()).isNotPositive();
        assertThat(c.pool()).isZero();
        assertThat(c.tenantGross()).isZero();
        assertThat(c.fees()).isZero();
        assertThat(c.paid()).isZero();
        assertThat(c.suspense()).isZero();
        for (CategoryDistribution d : c.distributions()) {
            assertThat(d.payouts()).allSatisfy(p -> assertThat(p.amount()).isZero());
        }
    }

    @Property(tries = 10_000)
    void aPeriodsStatementsSuspenseAndFeesAddUpToItsGrossInAnyOrder(@ForAll("filings") FilingCases.Case a,
            @ForAll("filings") FilingCases.Case b, @ForAll Random random) {
        // One tenant per period: the second filing is calculated with the first one's terms.
        FilingCases.Case b2 = new FilingCases.Case(b.revenue(), b.servingCost(), b.postTrainingCost(), b.share(),
                b.weights(), a.feeRate(), a.administered(),
                b.lines().stream().filter(l -> a.administered().containsKey(l.category())).toList(), a.members());
        List<AcceptedFiling> filings = new ArrayList<>(List.of(new AcceptedFiling("1", "acme-ai", "m", a.calculate()),
                new AcceptedFiling("2", "acme-ai", "m", b2.calculate()),
                new AcceptedFiling("3", "beta", "m", a.calculate())));
        PeriodDistribution period = PeriodAggregator.aggregate(filings);
        long statements = period.statements().stream().mapToLong(MemberStatement::total).sum();
        long gross = filings.stream().mapToLong(x -> x.calculation().tenantGross()).sum();
        assertThat(statements + period.suspense() + period.fees()).isEqualTo(gross);
        assertThat(period.tenantGross()).isEqualTo(gross);
        for (MemberStatement s : period.statements()) {
            assertThat(s.total()).isEqualTo(s.lines().stream().mapToLong(StatementLine::amount).sum());
            assertThat(s.lines()).allSatisfy(l -> assertThat(l.amount()).isNotNegative());
            assertThat(a.members()).contains(s.ref());
        }
        Collections.shuffle(filings, random);
        PeriodDistribution again = PeriodAggregator.aggregate(filings);
        assertThat(again.statements()).isEqualTo(period.statements());
        assertThat(again.suspenseByRef()).isEqualTo(period.suspenseByRef());
        assertThat(again.suspenseByCategory()).isEqualTo(period.suspenseByCategory());
    }

    private static <V> Map<String, V> shuffledMap(Map<String, V> map, Random random) {
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.shuffle(keys, random);
        Map<String, V> shuffled = new LinkedHashMap<>();
        keys.forEach(k -> shuffled.put(k, map.get(k)));
        return shuffled;
    }

    /** Every figure of a calculation as plain values, for comparing two calculations. */
    private static List<Object> describe(FilingCalculation c) {
        List<Object> figures = new ArrayList<>(List.of(c.operatingProfit(), c.pool(), c.tenantGross(), c.fees(),
                c.paid(), c.suspense(), c.categoryAmounts(), c.suspenseByRef(), c.suspenseByCategory()));
        for (CategoryDistribution d : c.distributions()) {
            figures.addAll(List.of(d.category(), d.rule(), d.amount(), d.fee(), d.categoryUnits(), d.payouts()));
        }
        return figures;
    }
}
