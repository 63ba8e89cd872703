package org.cmoportal.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void parsesExactly() {
        assertThat(Rate.parse("0.3").millionths()).isEqualTo(300_000);
        assertThat(Rate.parse("0.30").millionths()).isEqualTo(300_000);
        assertThat(Rate.parse("0.125").millionths()).isEqualTo(125_000);
        assertThat(Rate.parse("0.000001").millionths()).isEqualTo(1);
        assertThat(Rate.parse("1").millionths()).isEqualTo(1_000_000);
        assertThat(Rate.parse("1.000000")).isEqualTo(Rate.ONE);
        assertThat(Rate.parse("0")).isEqualTo(Rate.ZERO);
    }

    @Test
    void rejectsWhatIsNotAnExactRateInZeroToOne() {
        assertThatThrownBy(() -> Rate.parse("0.1234567")).isInstanceOf(RateFormatException.class)
                .hasMessage("\"0.1234567\" has 7 fraction digits; rates allow at most 6");
        assertThatThrownBy(() -> Rate.parse("1.000001")).hasMessageContaining("above 1");
        assertThatThrownBy(() -> Rate.parse("2")).hasMessageContaining("above 1");
        assertThatThrownBy(() -> Rate.parse("10.5")).hasMessageContaining("above 1");
        assertThatThrownBy(() -> Rate.parse("-0.1")).hasMessageContaining("sign");
        assertThatThrownBy(() -> Rate.parse("30%")).hasMessageContaining("'%'");
        assertThatThrownBy(() -> Rate.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Rate.parse(".3")).hasMessageContaining("0.3");
        assertThatThrownBy(() -> Rate.ofMillionths(1_000_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsShortestAndConvertsForNumericColumns() {
        assertThat(Rate.parse("0.300").toString()).isEqualTo("0.3");
        assertThat(Rate.ONE.toString()).isEqualTo("1");
        assertThat(Rate.ZERO.toString()).isEqualTo("0");
        assertThat(Rate.parse("0.1").toBigDecimal()).isEqualTo(new BigDecimal("0.100000"));
    }

    @Test
    void applyToIsHalfEvenOfTheExactProduct() {
        assertThat(Rate.parse("0.3").applyTo(75_000_000L)).isEqualTo(22_500_000L);
        assertThat(Rate.parse("0.5").applyTo(5)).isEqualTo(2);   // 2.5 -> 2
        assertThat(Rate.parse("0.5").applyTo(7)).isEqualTo(4);   // 3.5 -> 4
        assertThat(Rate.parse("0.1").applyTo(5)).isEqualTo(0);   // 0.5 -> 0
        assertThat(Rate.parse("0.1").applyTo(15)).isEqualTo(2);  // 1.5 -> 2
        assertThat(Rate.ONE.applyTo(Amounts.MAX_MINOR_UNITS)).isEqualTo(Amounts.MAX_MINOR_UNITS);
    }

    @Property(tries = 10_000)
    void parseOfToStringIsIdentity(@ForAll @LongRange(min = 0, max = 1_000_000) long millionths) {
        Rate r = Rate.ofMillionths(millionths);
        assertThat(Rate.parse(r.toString())).isEqualTo(r);
        assertThat(Rate.parse(r.toBigDecimal().toPlainString())).isEqualTo(r);
    }
}
