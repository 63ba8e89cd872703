package org.cmoportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Money and rates as pages write them: exact, and readable back to the same value. */
class FormatsTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    @Test
    void moneyHasTheCurrencysDigitsAndGroups() {
        assertThat(Formats.money(123_450, USD)).isEqualTo("1,234.50");
        assertThat(Formats.money(125_000_000_00L, USD)).isEqualTo("125,000,000.00");
        assertThat(Formats.money(5, USD)).isEqualTo("0.05");
        assertThat(Formats.money(0, USD)).isEqualTo("0.00");
        assertThat(Formats.money(-75_000, USD)).isEqualTo("-750.00");
        assertThat(Formats.money(1_234_567, CurrencyUnit.of("JPY"))).isEqualTo("1,234,567");
        assertThat(Formats.money(1_234_567, CurrencyUnit.of("BHD"))).isEqualTo("1,234.567");
    }

    @Test
    void feesAndSharesArePercentagesWithTheDigitsTheyHave() {
        assertThat(Formats.percent(Rate.parse("0.1"))).isEqualTo("10%");
        assertThat(Formats.percent(Rate.parse("0.30"))).isEqualTo("30%");
        assertThat(Formats.percent(Rate.parse("0.125"))).isEqualTo("12.5%");
        assertThat(Formats.percent(Rate.parse("0.000001"))).isEqualTo("0.0001%");
        assertThat(Formats.percent(Rate.ZERO)).isEqualTo("0%");
        assertThat(Formats.percent(Rate.ONE)).isEqualTo("100%");
        assertThat(Formats.percentOfText("0.20")).isEqualTo("20%");
    }

    @Property(tries = 10_000)
    void aPercentageReadsBackToTheSameExactRate(@ForAll @LongRange(min = 0, max = Rate.ONE_MILLIONTHS) long millionths) {
        Rate rate = Rate.ofMillionths(millionths);
        String percent = Formats.percent(rate);
        assertThat(percent).endsWith("%").doesNotContain("E");
        BigDecimal value = new BigDecimal(percent.substring(0, percent.length() - 1)).movePointLeft(2);
        assertThat(Rate.parse(value.toPlainString())).isEqualTo(rate);
    }

    @Property(tries = 10_000)
    void anAmountReadsBackToTheSameMinorUnits(@ForAll @LongRange(min = 0, max = Amounts.MAX_MINOR_UNITS) long minorUnits,
            @ForAll("currencies") CurrencyUnit currency) {
        String text = Formats.money(minorUnits, currency);
        assertThat(text).matches("\\d{1,3}(,\\d{3})*(\\.\\d+)?");
        assertThat(Amounts.parse(text.replace(",", ""), currency)).isEqualTo(minorUnits);
    }

    @Provide
    Arbitrary<CurrencyUnit> currencies() {
        return Arbitraries.of("USD", "EUR", "JPY", "BHD", "CLF").map(CurrencyUnit::of);
    }
}
