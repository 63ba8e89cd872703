package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The "before the fee" gross-up of a statement line, against a plain BigDecimal half-even. */
class StatementRowTest {

    @Property(tries = 10_000)
    void beforeFeeIsTheLineGrossedUpByTheCategorysAmountOverNetHalfEven(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000L) long categoryNet,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long fee,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long amountSeed) {
        long amount = amountSeed % (categoryNet + 1); // a member's share is at most the category's net
        long categoryAmount = categoryNet + fee;
        StatementRow row = new StatementRow(1, 1, "b", "m", "news", "News", 1, 1, amount, categoryAmount, fee, categoryNet);

        long expected = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(categoryAmount))
                .divide(BigDecimal.valueOf(categoryNet), 0, RoundingMode.HALF_EVEN).longValueExact();
        assertThat(row.beforeFee()).isEqualTo(expected);
        assertThat(row.beforeFee()).isGreaterThanOrEqualTo(amount);
    }
}
