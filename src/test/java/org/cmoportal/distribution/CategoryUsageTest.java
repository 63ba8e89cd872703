package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

/**
 * The distribution run's entry into the engine ({@link FilingCalculator#distribute(String, DistributionRule, long, Rate,
 * CategoryUsage)}, one (filing, category) at a time, members matched by the caller) against a whole filing's
 * calculation: the same figures, ref by ref, whatever order the lines come in.
 */
class CategoryUsageTest {

    @Provide
    Arbitrary<FilingCases.Case> filings() {
        return FilingCases.cases();
    }

    @Property(tries = 10_000)
    void oneCategoryAtATimeIsTheFilingsCalculation(@ForAll("filings") FilingCases.Case f, @ForAll Random random) {
        FilingCalculation filing = f.calculate();
        CategoryUsage column = new CategoryUsage(1);
        for (CategoryDistribution expected : filing.distributions()) {
            List<FilingCases.Line> lines = new ArrayList<>(f.lines().stream().filter(l -> l.category().equals(expected.category())).toList());
            if (random.nextBoolean()) {
                Collections.shuffle(lines, random);
            } else {
                lines.sort((a, b) -> CodePointOrder.compareStrings(a.ref(), b.ref())); // as the run reads them
            }
            lines.forEach(l -> column.add(l.ref(), l.units(), f.members().contains(l.ref())));
            CategoryDistribution actual = FilingCalculator.distribute(expected.category(), expected.rule(), expected.amount(),
                    f.feeRate(), column);
            column.clear();
            actual.verifyInvariants();
            assertThat(describe(actual)).isEqualTo(describe(expected));
        }
    }

    @Test
    void theWorkedExampleOfTheDocsOneCategoryAtATime() {
        CategoryUsage news = new CategoryUsage().add("alice", 3, true).add("bob", 1, true).add("zed", 3, false);
        CategoryDistribution d = FilingCalculator.distribute("news", DistributionRule.PRO_RATA_UNITS, 5_625_000,
                Rate.parse("0.10"), news);
        assertThat(d.fee()).isEqualTo(562_500);
        assertThat(d.payouts()).extracting(Payout::ref, Payout::amount, Payout::matched).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", 2_169_643L, true),
                org.assertj.core.groups.Tuple.tuple("bob", 723_214L, true),
                org.assertj.core.groups.Tuple.tuple("zed", 2_169_643L, false));
        assertThat(d.paid()).isEqualTo(2_892_857);
        assertThat(d.unmatchedSuspense()).isEqualTo(2_169_643);
    }

    @Test
    void aCategoryWithoutUsageHoldsItsNetInSuspense() {
        CategoryDistribution d = FilingCalculator.distribute("code", DistributionRule.EQUAL_SHARES, 1_001, Rate.parse("0.1"),
                new CategoryUsage());
        assertThat(d.hasUsage()).isFalse();
        assertThat(d.categorySuspense()).isEqualTo(901);
        d.verifyInvariants();
    }

    @Test
    void aColumnIsReusedWithoutItsPreviousRefs() {
        CategoryUsage column = new CategoryUsage(1);
        for (int i = 0; i < 100; i++) {
            column.add("r" + i, 1, true);
        }
        column.clear();
        column.add("only", 2, false);
        CategoryDistribution d = FilingCalculator.distribute("news", DistributionRule.PRO_RATA_UNITS, 10, Rate.ZERO, column);
        assertThat(d.payouts()).extracting(Payout::ref).containsExactly("only");
        assertThat(d.unmatchedSuspense()).isEqualTo(10);
    }

    @Test
    void unitsThatAreNotPositiveAreRefused() {
        assertThatThrownBy(() -> new CategoryUsage().add("alice", 0, true)).isInstanceOf(CalculationInputException.class)
                .hasMessageContaining("alice");
    }

    private static Map<String, Object> describe(CategoryDistribution d) {
        return Map.of("fee", d.fee(), "net", d.net(), "paid", d.paid(), "unmatched", d.unmatchedSuspense(),
                "categorySuspense", d.categorySuspense(), "units", d.categoryUnits(), "weightSum", d.weightSum(),
                "payouts", d.payouts().stream().toList());
    }
}
