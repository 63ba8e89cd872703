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

    @Test
    void amountsAreGroupedByThousandsWithTheCurrencysDigits() {
        assertThat(Formats.money(123_456_789, USD)).isEqualTo("1,234,567.89");
        assertThat(Formats.percentOfText("0.5")).isEqualTo("50%");
    }

    static final java.time.Instant AT = java.time.Instant.parse("2026-12-01T21:54:18.123456Z");
    static final java.time.LocalDate DAY = java.time.LocalDate.parse("2026-03-07");

    @Test
    void datesAreWrittenInTheViewersLanguage() {
        java.util.Locale us = Formats.localeOf("en-US,en;q=0.9");
        java.util.Locale de = Formats.localeOf("de-DE,de;q=0.9,en;q=0.8");
        java.util.Locale fr = Formats.localeOf("fr-FR,fr;q=0.9");
        assertThat(Formats.date(DAY, us)).isEqualTo("Mar 7, 2026");
        assertThat(Formats.date(DAY, de)).isEqualTo("07.03.2026");
        assertThat(Formats.date(DAY, fr)).isEqualTo("7 mars 2026");
        assertThat(Formats.dateTime(AT, us)).matches("Dec 1, 2026, 9:54\\sPM UTC");
        assertThat(Formats.dateTime(AT, de)).isEqualTo("01.12.2026, 21:54 UTC");
        assertThat(Formats.dateTime(AT, fr)).isEqualTo("1 déc. 2026 21:54 UTC");
    }

    @Test
    void theLanguageIsTheFirstAcceptedOneThatHasDateFormats() {
        assertThat(Formats.localeOf(null)).isEqualTo(java.util.Locale.ENGLISH);
        assertThat(Formats.localeOf("")).isEqualTo(java.util.Locale.ENGLISH);
        assertThat(Formats.localeOf("not a;;language=")).isEqualTo(java.util.Locale.ENGLISH);
        assertThat(Formats.localeOf("xx-YY, de;q=0.5").getLanguage()).isEqualTo("de");
        assertThat(Formats.localeOf("*").getLanguage()).isNotEmpty();
    }

    @Test
    void aHeadersLanguageIsKeptAndTheSameAsLookedUpAgainWithinABound() {
        for (String header : new String[] {"de-DE,de;q=0.9,en;q=0.8", "fr-FR,fr;q=0.9", "not a;;language=", "xx-YY, de;q=0.5"}) {
            java.util.Locale first = Formats.localeOf(header);
            assertThat(Formats.localeOf(header)).as(header).isEqualTo(first);
        }
        assertThat(Formats.localeOf("de-DE,de;q=0.9,en;q=0.8").getLanguage()).isEqualTo("de");
        assertThat(Formats.localeOf("fr-FR,fr;q=0.9").getLanguage()).isEqualTo("fr");
        assertThat(Formats.localeOf("not a;;language=")).isEqualTo(java.util.Locale.ENGLISH);
        // made-up headers, more than are kept: the cache stays bounded and every answer stays right
        for (int i = 0; i < 2_500; i++) {
            assertThat(Formats.localeOf("zx-" + i + ", de;q=0.5").getLanguage()).isEqualTo("de");
            assertThat(Formats.localesKept()).isLessThanOrEqualTo(1_000);
        }
        String tooLong = "de;q=0.9, " + "en;q=0.1, ".repeat(30);
        int before = Formats.localesKept();
        assertThat(Formats.localeOf(tooLong).getLanguage()).isEqualTo("de");
        assertThat(Formats.localesKept()).isEqualTo(before);
    }

    @Test
    void machinesGetIsoToTheSecondAndTextThatIsNoDateIsLeftAlone() {
        assertThat(Formats.iso(AT)).isEqualTo("2026-12-01T21:54:18Z");
        assertThat(Formats.isoDay(DAY)).isEqualTo("2026-03-07");
        assertThat(Formats.isoText("2026-12-01T21:54:18.123456Z")).isEqualTo("2026-12-01T21:54:18Z");
        assertThat(Formats.isoText("2026-03-07")).isEqualTo("2026-03-07");
        assertThat(Formats.localText("2026-03-07")).isEqualTo("Mar 7, 2026");
        assertThat(Formats.localText("soon")).isEqualTo("soon");
        assertThat(Formats.isoText("12 March 2026")).isNull();
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
