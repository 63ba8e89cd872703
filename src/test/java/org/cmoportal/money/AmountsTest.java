package org.cmoportal.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AmountsTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    static final CurrencyUnit JPY = CurrencyUnit.of("JPY");
    static final CurrencyUnit BHD = CurrencyUnit.of("BHD");

    @Test
    void currenciesCarryTheirIso4217Exponent() {
        assertThat(USD.exponent()).isEqualTo(2);
        assertThat(JPY.exponent()).isEqualTo(0);
        assertThat(BHD.exponent()).isEqualTo(3);
        assertThat(BHD.minorPerMajor()).isEqualTo(1000);
    }

    @Test
    void currencyWithoutMinorUnitOrUnknownCodeIsRejected() {
        assertThatThrownBy(() -> CurrencyUnit.of("XAU")).hasMessageContaining("no minor unit");
        assertThatThrownBy(() -> CurrencyUnit.of("ABC")).hasMessageContaining("not an ISO 4217 currency code");
        assertThatThrownBy(() -> CurrencyUnit.of(" ")).hasMessageContaining("missing");
    }

    @Test
    void parsesMajorUnitsIntoMinorUnits() {
        assertThat(Amounts.parse("1250000.00", USD)).isEqualTo(125_000_000L);
        assertThat(Amounts.parse("1234.5", USD)).isEqualTo(123_450L);
        assertThat(Amounts.parse("7", USD)).isEqualTo(700L);
        assertThat(Amounts.parse("0", USD)).isZero();
        assertThat(Amounts.parse("0.01", USD)).isEqualTo(1L);
        assertThat(Amounts.parse("1234", JPY)).isEqualTo(1234L);
        assertThat(Amounts.parse("1.234", BHD)).isEqualTo(1234L);
        assertThat(Amounts.parse("0.5", BHD)).isEqualTo(500L);
    }

    @Test
    void tooManyFractionDigitsSaysHowManyAreAllowed() {
        assertThatThrownBy(() -> Amounts.parse("12.345", USD)).isInstanceOf(AmountFormatException.class)
                .hasMessage("\"12.345\" has 3 fraction digits; USD allows at most 2");
        assertThatThrownBy(() -> Amounts.parse("12.5", JPY)).hasMessage("\"12.5\" has 1 fraction digit; JPY allows none");
        assertThatThrownBy(() -> Amounts.parse("1.2345", BHD)).hasMessageContaining("BHD allows at most 3");
    }

    @Test
    void signsBlanksAndStrayCharactersAreRejectedWithAHint() {
        assertThatThrownBy(() -> Amounts.parse("-5.00", USD)).hasMessageContaining("has a sign");
        assertThatThrownBy(() -> Amounts.parse("+5.00", USD)).hasMessageContaining("has a sign");
        assertThatThrownBy(() -> Amounts.parse("", USD)).hasMessageContaining("amount is empty");
        assertThatThrownBy(() -> Amounts.parse("   ", USD)).hasMessageContaining("amount is empty");
        assertThatThrownBy(() -> Amounts.parse(null, USD)).hasMessageContaining("amount is missing");
        assertThatThrownBy(() -> Amounts.parse(" 5.00", USD)).hasMessageContaining("white space");
        assertThatThrownBy(() -> Amounts.parse("5.00\u00a0", USD)).hasMessageContaining("white space");
        assertThatThrownBy(() -> Amounts.parse("1,234.50", USD)).hasMessageContaining("contains ','");
        assertThatThrownBy(() -> Amounts.parse("1e5", USD)).hasMessageContaining("contains 'e'");
        assertThatThrownBy(() -> Amounts.parse("\u0661\u0662", USD)).hasMessageContaining("only digits 0-9");
        assertThatThrownBy(() -> Amounts.parse("1.2.3", USD)).hasMessageContaining("more than one '.'");
        assertThatThrownBy(() -> Amounts.parse(".50", USD)).hasMessageContaining("0.50");
        assertThatThrownBy(() -> Amounts.parse("12.", USD)).hasMessageContaining("ends with a decimal point");
    }

    @Test
    void theLimitIsLongMaxOverAMillionAndAboveItIsRejected() {
        assertThat(Amounts.MAX_MINOR_UNITS).isEqualTo(9_223_372_036_854L);
        assertThat(Amounts.parse("92233720368.54", USD)).isEqualTo(Amounts.MAX_MINOR_UNITS);
        assertThat(Amounts.parse("9223372036854", JPY)).isEqualTo(Amounts.MAX_MINOR_UNITS);
        assertThatThrownBy(() -> Amounts.parse("92233720368.55", USD))
                .hasMessage("\"92233720368.55\" is above the largest amount the portal accepts, 92233720368.54 USD");
        assertThatThrownBy(() -> Amounts.parse("9223372036855", JPY)).hasMessageContaining("9223372036854 JPY");
        assertThatThrownBy(() -> Amounts.parse("99999999999999999999999999999", USD)).hasMessageContaining("above the largest");
        assertThatThrownBy(() -> Amounts.requireValid(Amounts.MAX_MINOR_UNITS + 1, "revenue"))
                .hasMessageContaining("revenue");
        assertThatThrownBy(() -> Amounts.requireValid(-1, "revenue")).hasMessageContaining("never negative");
    }

    @Test
    void longTextIsShortenedInMessages() {
        String text = "1".repeat(1000) + "x";
        assertThatThrownBy(() -> Amounts.parse(text, USD)).message().hasSizeLessThan(200);
    }

    @Test
    void formatsWithExactlyTheCurrencysDigits() {
        assertThat(Amounts.format(123_450, USD)).isEqualTo("1234.50");
        assertThat(Amounts.format(5, USD)).isEqualTo("0.05");
        assertThat(Amounts.format(0, USD)).isEqualTo("0.00");
        assertThat(Amounts.format(1234, JPY)).isEqualTo("1234");
        assertThat(Amounts.format(1, BHD)).isEqualTo("0.001");
        assertThat(Amounts.format(-150, USD)).isEqualTo("-1.50");
        assertThat(Amounts.formatGrouped(125_000_000L, USD)).isEqualTo("1,250,000.00");
        assertThat(Amounts.formatGrouped(100_000L, USD)).isEqualTo("1,000.00");
        assertThat(Amounts.formatGrouped(99_999L, USD)).isEqualTo("999.99");
        assertThat(Amounts.formatGrouped(-123_456_789L, JPY)).isEqualTo("-123,456,789");
        assertThat(Amounts.toBigDecimal(123_450, USD)).isEqualByComparingTo("1234.50");
    }

    @Property(tries = 10_000)
    void formatThenParseGivesTheSameAmount(@ForAll @LongRange(min = 0, max = Amounts.MAX_MINOR_UNITS) long minor) {
        for (CurrencyUnit c : new CurrencyUnit[] {USD, JPY, BHD}) {
            assertThat(Amounts.parse(Amounts.format(minor, c), c)).isEqualTo(minor);
            assertThat(Amounts.toBigDecimal(minor, c).movePointRight(c.exponent()).longValueExact()).isEqualTo(minor);
        }
    }
}
