package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

class PeriodAggregatorTest {

    static final TenantTerms CODEBOOKS = TenantTerms.of(Rate.parse("0.1"),
            Map.of("code", DistributionRule.PRO_RATA_UNITS, "books", DistributionRule.EQUAL_SHARES));
    static final Set<String> MEMBERS = Set.of("carol", "dave", "erin");

    static FilingCalculation filing(long profit, String weights, Usage usage) {
        String[] w = weights.split(",");
        FilingFigures figures = new FilingFigures(profit, 0, 0, Rate.ONE,
                MixtureWeights.parse(Map.of("code", w[0], "books", w[1], "other", w[2])));
        return FilingCalculator.calculate(figures, CODEBOOKS, usage, MEMBERS);
    }

    @Test
    void statementsFeesAndSuspenseAddUpToTheTenantGross() {
        FilingCalculation first = filing(10_000, "0.5,0.3,0.2", Usage.builder()
                .add("code", "dave", 3).add("code", "carol", 1).add("code", "ghost", 1)
                .add("books", "erin", 2).build());
        FilingCalculation second = filing(999, "0.6,0.4,0", Usage.builder().add("code", "dave", 1).build());
        PeriodDistribution period = PeriodAggregator.aggregate(List.of(
                new AcceptedFiling("f2", "beta-labs", "b-1", second),
                new AcceptedFiling("f1", "acme-ai", "acme-llm-7", first)));

        // first: pool 10000 -> code 5000, books 3000, other 2000; fees 500 and 300; code net 4500 over 5 units
        // (dave 2700, carol 900, ghost 900), books net 2700 to erin.
        // second: pool 999 -> code 599 (599.4), books 400 (399.6); fees 60 (59.9), 40; code net 539 to dave;
        // books had no usage: 360 to suspense for the category.
        assertThat(period.tenantGross()).isEqualTo(8_000 + 999);
        assertThat(period.fees()).isEqualTo(800 + 100);
        assertThat(period.statement("dave")).isEqualTo(new MemberStatement("dave", 2_700 + 539, List.of(
                new StatementLine("f1", "acme-ai", "acme-llm-7", "code", DistributionRule.PRO_RATA_UNITS, 3, 5, 2_700),
                new StatementLine("f2", "beta-labs", "b-1", "code", DistributionRule.PRO_RATA_UNITS, 1, 1, 539))));
        assertThat(period.statement("erin").total()).isEqualTo(2_700);
        assertThat(period.statement("erin").lines().get(0).rule()).isEqualTo(DistributionRule.EQUAL_SHARES);
        assertThat(period.statement("carol").total()).isEqualTo(900);
        assertThat(period.statement("nobody")).isEqualTo(new MemberStatement("nobody", 0, List.of()));
        assertThat(period.memberRefs()).containsExactly("carol", "dave", "erin");
        assertThat(period.suspenseByRef()).containsExactly(Map.entry("ghost", 900L));
        assertThat(period.suspenseByCategory()).containsExactly(Map.entry("books", 360L));
        assertThat(period.paid()).isEqualTo(2_700 + 539 + 2_700 + 900);
        assertThat(period.paid() + period.suspense() + period.fees()).isEqualTo(period.tenantGross());
        assertThat(period.statements()).extracting(MemberStatement::ref).containsExactly("carol", "dave", "erin");
        assertThat(period.filings()).extracting(AcceptedFiling::filingId).containsExactly("f1", "f2");
    }

    @Test
    void anEmptyPeriodHasNothing() {
        PeriodDistribution period = PeriodAggregator.aggregate(List.of());
        assertThat(period.tenantGross()).isZero();
        assertThat(period.statements()).isEmpty();
    }

    @Test
    void aFilingCannotCountTwice() {
        FilingCalculation c = filing(100, "1,0,0", Usage.none());
        assertThatThrownBy(() -> PeriodAggregator.aggregate(List.of(new AcceptedFiling("f1", "a", "m", c),
                new AcceptedFiling("f1", "a", "m", c)))).hasMessageContaining("appears twice");
    }
}
