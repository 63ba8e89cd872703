package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

class FilingCalculatorTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    static FilingFigures workedExampleFiling() {
        return new FilingFigures(Amounts.parse("1250000.00", USD), Amounts.parse("400000.00", USD),
                Amounts.parse("100000.00", USD), Rate.parse("0.30"),
                MixtureWeights.parse(Map.of("news", "0.25", "code", "0.40", "books", "0.15", "other", "0.20")));
    }

    static final TenantTerms NEWSGUILD = TenantTerms.of(Rate.parse("0.1"), Map.of("news", DistributionRule.PRO_RATA_UNITS));

    @Test
    void theWorkedExampleFigureByFigure() {
        Usage usage = Usage.builder().add("news", "alice", 3).add("news", "bob", 1).add("news", "zed", 3).build();
        FilingCalculation c = FilingCalculator.calculate(workedExampleFiling(), NEWSGUILD, usage, Set.of("alice", "bob", "carol"));

        assertThat(c.operatingProfit()).isEqualTo(75_000_000L);
        assertThat(c.pool()).isEqualTo(22_500_000L);
        assertThat(c.shareWithinBand()).isTrue();
        assertThat(c.categoryAmounts()).containsExactly(
                new CategoryAmount("books", Rate.parse("0.15"), 3_375_000L, false),
                new CategoryAmount("code", Rate.parse("0.4"), 9_000_000L, false),
                new CategoryAmount("news", Rate.parse("0.25"), 5_625_000L, true),
                new CategoryAmount("other", Rate.parse("0.2"), 4_500_000L, false));
        assertThat(c.tenantGross()).isEqualTo(5_625_000L);

        CategoryDistribution news = c.distribution("news").orElseThrow();
        assertThat(news.amount()).isEqualTo(5_625_000L);
        assertThat(news.fee()).isEqualTo(562_500L);
        assertThat(news.net()).isEqualTo(5_062_500L);
        assertThat(news.categoryUnits()).isEqualTo(7);
        assertThat(news.weightSum()).isEqualTo(7);
        assertThat(news.payouts()).containsExactly(
                new Payout("alice", 3, 3, 2_169_643L, true),
                new Payout("bob", 1, 1, 723_214L, true),
                new Payout("zed", 3, 3, 2_169_643L, false));
        assertThat(news.paid()).isEqualTo(2_892_857L);
        assertThat(news.unmatchedSuspense()).isEqualTo(2_169_643L);
        assertThat(c.suspenseByRef()).containsExactly(Map.entry("zed", 2_169_643L));
        assertThat(c.suspenseByCategory()).isEmpty();
        assertThat(c.fees() + c.paid() + c.suspense()).isEqualTo(c.tenantGross());
        assertThat(Amounts.formatGrouped(news.payoutFor("alice").orElseThrow().amount(), USD)).isEqualTo("21,696.43");
    }

    @Test
    void twoTenantsReceivingTheSameFilingAgreeOnTheCategoryAmounts() {
        TenantTerms codebooks = TenantTerms.of(Rate.parse("0.05"),
                Map.of("code", DistributionRule.PRO_RATA_UNITS, "books", DistributionRule.EQUAL_SHARES));
        FilingCalculation c = FilingCalculator.calculate(workedExampleFiling(), codebooks, Usage.none(), Set.of());
        assertThat(c.tenantGross()).isEqualTo(9_000_000L + 3_375_000L);
        assertThat(c.distribution("code").orElseThrow().fee()).isEqualTo(450_000L);
        assertThat(c.distribution("books").orElseThrow().fee()).isEqualTo(168_750L);
        // no usage: each category's whole net is held in suspense for the category
        assertThat(c.suspenseByCategory()).containsExactly(Map.entry("books", 3_206_250L), Map.entry("code", 8_550_000L));
        assertThat(c.paid()).isZero();
    }

    @Test
    void theTieExample() {
        // operating profit 10.00 USD, share 0.1, one category, no fee: the net is 100 cents.
        FilingFigures figures = new FilingFigures(1_000, 0, 0, Rate.parse("0.1"), MixtureWeights.parse(Map.of("news", "1")));
        TenantTerms terms = TenantTerms.of(Rate.ZERO, Map.of("news", DistributionRule.PRO_RATA_UNITS));
        Usage usage = Usage.builder().add("news", "carol", 1).add("news", "bob", 1).add("news", "alice", 1).build();
        CategoryDistribution news = FilingCalculator.calculate(figures, terms, usage, Set.of("alice", "bob", "carol"))
                .distribution("news").orElseThrow();
        assertThat(news.net()).isEqualTo(100);
        assertThat(news.payouts()).extracting(Payout::ref, Payout::amount)
                .containsExactly(tuple("alice", 34L), tuple("bob", 33L), tuple("carol", 33L));
    }

    static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    @Test
    void aLossOrZeroProfitPaysNothingAndStaysVisible() {
        for (long revenue : new long[] {49_999_999L, 50_000_000L}) {
            FilingFigures loss = new FilingFigures(revenue, 40_000_000L, 10_000_000L, Rate.parse("0.3"),
                    MixtureWeights.parse(Map.of("news", "1")));
            FilingCalculation c = FilingCalculator.calculate(loss, NEWSGUILD,
                    Usage.builder().add("news", "alice", 5).build(), Set.of("alice"));
            assertThat(c.operatingProfit()).isEqualTo(revenue - 50_000_000L);
            assertThat(c.pool()).isZero();
            assertThat(c.tenantGross()).isZero();
            assertThat(c.fees()).isZero();
            assertThat(c.distribution("news").orElseThrow().payoutFor("alice").orElseThrow().amount()).isZero();
        }
    }

    @Test
    void poolsOfOneMinorUnit() {
        // profit 3 cents at share 0.5 is 1.5 -> 2 (half even); profit 1 cent -> 0.5 -> 0
        FilingFigures figures = new FilingFigures(3, 0, 0, Rate.parse("0.5"), MixtureWeights.parse(Map.of("news", "0.5", "other", "0.5")));
        FilingCalculation c = FilingCalculator.calculate(figures, NEWSGUILD, Usage.builder().add("news", "bob", 1).build(), Set.of("bob"));
        assertThat(c.pool()).isEqualTo(2);
        assertThat(c.categoryAmounts()).extracting(CategoryAmount::amount).containsExactly(1L, 1L);
        FilingFigures one = new FilingFigures(2, 0, 0, Rate.parse("0.5"), MixtureWeights.parse(Map.of("news", "0.5", "other", "0.5")));
        FilingCalculation d = FilingCalculator.calculate(one, NEWSGUILD, Usage.builder().add("news", "bob", 1).add("news", "amy", 1).build(), Set.of("bob"));
        assertThat(d.pool()).isEqualTo(1);
        // the single unit: tie between news and other goes to "news" (smaller key); fee 0.1 -> 0; tie between amy and bob -> amy
        assertThat(d.categoryAmounts()).extracting(CategoryAmount::amount).containsExactly(1L, 0L);
        assertThat(d.distribution("news").orElseThrow().payouts()).extracting(Payout::amount).containsExactly(1L, 0L);
        assertThat(d.suspenseByRef()).containsExactly(Map.entry("amy", 1L));
        assertThat(d.paid()).isZero();
    }

    @Test
    void aShareExactlyAtTheBandsEdgesIsInsideJustOutsideIsFlaggedButComputed() {
        for (String share : new String[] {"0.2", "0.5", "0.199999", "0.500001"}) {
            FilingFigures figures = new FilingFigures(1_000_000, 0, 0, Rate.parse(share), MixtureWeights.parse(Map.of("news", "1")));
            FilingCalculation c = FilingCalculator.calculate(figures, NEWSGUILD, Usage.none(), Set.of());
            boolean inside = share.equals("0.2") || share.equals("0.5");
            assertThat(c.shareWithinBand()).as(share).isEqualTo(inside);
            assertThat(c.pool()).isEqualTo(Rate.parse(share).applyTo(1_000_000));
        }
        TenantTerms narrow = new TenantTerms(Rate.ZERO, new ShareBand(Rate.parse("0.3"), Rate.parse("0.3")),
                Map.of("news", DistributionRule.PRO_RATA_UNITS));
        FilingFigures figures = new FilingFigures(10, 0, 0, Rate.parse("0.3"), MixtureWeights.parse(Map.of("news", "1")));
        assertThat(FilingCalculator.calculate(figures, narrow, Usage.none(), Set.of()).shareWithinBand()).isTrue();
    }

    @Test
    void equalSharesIgnoresUnitsAndLinesOfOneRefAddUp() {
        TenantTerms terms = TenantTerms.of(Rate.ZERO, Map.of("books", DistributionRule.EQUAL_SHARES));
        FilingFigures figures = new FilingFigures(1_000, 0, 0, Rate.ONE, MixtureWeights.parse(Map.of("books", "1")));
        Usage usage = Usage.builder().add("books", "dave", 1).add("books", "erin", 500).add("books", "dave", 2)
                .add("books", "carol", 7).build();
        CategoryDistribution books = FilingCalculator.calculate(figures, terms, usage, Set.of("carol", "dave", "erin"))
                .distribution("books").orElseThrow();
        assertThat(books.payouts()).containsExactly(new Payout("carol", 7, 1, 334, true), new Payout("dave", 3, 1, 333, true),
                new Payout("erin", 500, 1, 333, true));
        assertThat(books.categoryUnits()).isEqualTo(510);
        assertThat(books.weightSum()).isEqualTo(3);
    }

    @Test
    void anAdministeredCategoryMissingFromTheMixtureGetsZero() {
        TenantTerms terms = TenantTerms.of(Rate.parse("0.1"), Map.of("news", DistributionRule.PRO_RATA_UNITS, "code", DistributionRule.PRO_RATA_UNITS));
        FilingFigures figures = new FilingFigures(1_000, 0, 0, Rate.ONE, MixtureWeights.parse(Map.of("news", "1")));
        FilingCalculation c = FilingCalculator.calculate(figures, terms, Usage.builder().add("code", "dave", 4).build(), Set.of("dave"));
        assertThat(c.distribution("code").orElseThrow().amount()).isZero();
        assertThat(c.distribution("code").orElseThrow().payoutFor("dave").orElseThrow().amount()).isZero();
        assertThat(c.suspenseByCategory()).containsExactly(Map.entry("news", 900L));
    }

    @Test
    void usageInACategoryTheTenantDoesNotAdministerIsRejected() {
        Usage usage = Usage.builder().add("news", "alice", 1).add("code", "dave", 2).add("code", "erin", 2).build();
        assertThatThrownBy(() -> FilingCalculator.calculate(workedExampleFiling(), NEWSGUILD, usage, Set.of()))
                .isInstanceOf(CalculationInputException.class)
                .hasMessageContaining("2 line(s) name category \"code\", which this CMO does not administer (it administers news)");
    }

    @Test
    void mixtureWeightsMustSumToExactlyOne() {
        assertThatThrownBy(() -> MixtureWeights.parse(Map.of("news", "0.5", "code", "0.499999")))
                .isInstanceOf(CalculationInputException.class)
                .hasMessage("mixtureWeights: the weights sum to 0.999999; they must sum to exactly 1")
                .extracting(e -> ((CalculationInputException) e).where()).isEqualTo("mixtureWeights");
        assertThatThrownBy(() -> MixtureWeights.parse(Map.of("news", "0.7", "code", "0.7"))).hasMessageContaining("sum to 1.4;");
        assertThatThrownBy(() -> MixtureWeights.parse(Map.of("news", "0.5", "code", "0.5000001")))
                .hasMessageContaining("mixtureWeights.code").hasMessageContaining("at most 6");
        assertThatThrownBy(() -> MixtureWeights.parse(Map.of()))
                .hasMessageContaining("no categories");
    }

    @Test
    void invalidUsageLinesSayWhereAndWhat() {
        assertThatThrownBy(() -> Usage.builder().add("news", "alice", 1).add("news", " bob", 1))
                .hasMessage("usage line 2: member ref \" bob\" starts or ends with white space; remove it");
        assertThatThrownBy(() -> Usage.builder().add("news", "", 1)).hasMessageContaining("member ref is empty");
        assertThatThrownBy(() -> Usage.builder().add("news", "a".repeat(129), 1)).hasMessageContaining("129 characters");
        assertThat(Keys.memberRefProblem("a".repeat(128))).isNull();
        assertThatThrownBy(() -> Usage.builder().add("news", "al\u0007ice", 1)).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> Usage.builder().add("news", "alice", 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Usage.builder().add("news", "alice", -3)).hasMessageContaining("positive");
        assertThat(Keys.memberRefProblem("zoë")).isNull();
    }

    @Test
    void refsAreComparedExactly() {
        FilingFigures figures = new FilingFigures(1_000, 0, 0, Rate.ONE, MixtureWeights.parse(Map.of("news", "1")));
        Usage usage = Usage.builder().add("news", "zoë", 1).add("news", "ZOË", 1).add("news", "zoe\u0308", 1).build();
        FilingCalculation c = FilingCalculator.calculate(figures, NEWSGUILD, usage, Set.of("zoë"));
        CategoryDistribution news = c.distribution("news").orElseThrow();
        assertThat(news.payoutCount()).isEqualTo(3);
        assertThat(news.payoutFor("zoë").orElseThrow().matched()).isTrue();
        assertThat(c.suspenseByRef()).containsOnlyKeys("ZOË", "zoe\u0308");
    }

    @Test
    void amountsAtTheLimitStayExact() {
        long max = Amounts.MAX_MINOR_UNITS;
        FilingFigures figures = new FilingFigures(max, 0, 0, Rate.ONE,
                MixtureWeights.parse(Map.of("news", "0.999999", "other", "0.000001")));
        Usage usage = Usage.builder().add("news", "alice", Long.MAX_VALUE / 2).add("news", "bob", Long.MAX_VALUE / 2 - 1)
                .add("news", "carol", 1).build();
        FilingCalculation c = FilingCalculator.calculate(figures, NEWSGUILD, usage, Set.of("alice", "bob", "carol"));
        assertThat(c.pool()).isEqualTo(max);
        assertThat(c.categoryAmounts().get(0).amount()).isEqualTo(Rate.parse("0.999999").applyTo(max));
        assertThat(c.fees() + c.paid() + c.suspense()).isEqualTo(c.tenantGross());
        assertThat(c.distribution("news").orElseThrow().payoutFor("carol").orElseThrow().amount()).isZero();
        assertThatThrownBy(() -> new FilingFigures(max + 1, 0, 0, Rate.ONE, MixtureWeights.parse(Map.of("news", "1"))))
                .isInstanceOf(CalculationInputException.class).hasMessageContaining("revenue").hasMessageContaining("above the limit");
        Usage tooMany = Usage.builder().add("news", "alice", Long.MAX_VALUE).add("news", "bob", 1).build();
        assertThatThrownBy(() -> FilingCalculator.calculate(figures, NEWSGUILD, tooMany, Set.of()))
                .hasMessageContaining("units of category \"news\" add up to more than");
    }

    @Test
    void oneMemberTakesTheWholeNet() {
        Usage usage = Usage.builder().add("news", "alice", 9).build();
        FilingCalculation c = FilingCalculator.calculate(workedExampleFiling(), NEWSGUILD, usage, Set.of("alice"));
        assertThat(c.paid()).isEqualTo(5_062_500L);
        assertThat(c.suspense()).isZero();
    }

    @Test
    void aMillionMembers() {
        int n = 1_000_000;
        Usage.Builder builder = Usage.builder(n);
        Set<String> members = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            String ref = "m" + Integer.toString(i * 7919 % n, 36);
            builder.add("news", ref, 1 + i % 3);
            if (i % 5 != 0) {
                members.add(ref);
            }
        }
        FilingCalculation c = FilingCalculator.calculate(workedExampleFiling(), NEWSGUILD, builder.build(), members);
        CategoryDistribution news = c.distribution("news").orElseThrow();
        assertThat(news.payoutCount()).isEqualTo(n);
        assertThat(news.categoryUnits()).isEqualTo(1_999_999L);
        long paid = 0;
        for (int i = 0; i < n; i++) {
            // net × units / 1,999,999 is 2.53... per unit: each ref gets the floor or one more
            long floor = 5_062_500L * news.units(i) / 1_999_999L;
            assertThat(news.payout(i)).isBetween(floor, floor + 1);
            paid += news.payout(i);
        }
        assertThat(paid).isEqualTo(5_062_500L);
        assertThat(c.paid() + c.suspense() + c.fees()).isEqualTo(c.tenantGross());
    }

    @Test
    void tenantTermsAreChecked() {
        assertThatThrownBy(() -> TenantTerms.of(Rate.ZERO, Map.of())).hasMessageContaining("administers no category");
        assertThatThrownBy(() -> new ShareBand(Rate.parse("0.5"), Rate.parse("0.2"))).hasMessageContaining("above max");
        Map<String, DistributionRule> rules = new LinkedHashMap<>();
        rules.put("news ", DistributionRule.PRO_RATA_UNITS);
        assertThatThrownBy(() -> TenantTerms.of(Rate.ZERO, rules)).hasMessageContaining("white space");
        assertThat(TenantTerms.of(Rate.ZERO, Map.of("b", DistributionRule.EQUAL_SHARES, "a", DistributionRule.PRO_RATA_UNITS))
                .categories().keySet()).containsExactly("a", "b");
        assertThat(List.of(ShareBand.DEFAULT.min().toString(), ShareBand.DEFAULT.max().toString())).containsExactly("0.2", "0.5");
    }
}
