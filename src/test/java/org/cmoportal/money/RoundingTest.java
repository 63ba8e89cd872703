package org.cmoportal.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RoundingTest {

    @Test
    void tiesGoToEven() {
        assertThat(Rounding.halfEven(5, 2)).isEqualTo(2);
        assertThat(Rounding.halfEven(7, 2)).isEqualTo(4);
        assertThat(Rounding.halfEven(-5, 2)).isEqualTo(-2);
        assertThat(Rounding.halfEven(-7, 2)).isEqualTo(-4);
        assertThat(Rounding.halfEven(1, 3)).isEqualTo(0);
        assertThat(Rounding.halfEven(2, 3)).isEqualTo(1);
        assertThat(Rounding.halfEven(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isEqualTo(1);
        assertThat(Rounding.halfEven(BigInteger.valueOf(25), BigInteger.TEN)).isEqualTo(2);
    }

    @Property(tries = 10_000)
    void halfEvenMatchesBigDecimal(@ForAll long numerator, @ForAll @LongRange(min = 1) long denominator) {
        long expected = new BigDecimal(numerator).divide(new BigDecimal(denominator), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
        assertThat(Rounding.halfEven(numerator, denominator)).isEqualTo(expected);
    }

    @Property(tries = 10_000)
    void halfEvenOfProductIsExactBeyond64Bits(@ForAll @LongRange(min = 0) long a, @ForAll @LongRange(min = 1) long d,
            @ForAll @LongRange(min = 0) long bSeed) {
        long b = d == Long.MAX_VALUE ? bSeed : bSeed % (d + 1);
        BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        long expected = new BigDecimal(product).divide(new BigDecimal(d), 0, RoundingMode.HALF_EVEN).longValueExact();
        assertThat(Rounding.halfEvenOfProduct(a, b, d)).isEqualTo(expected);
    }

    @Property(tries = 10_000)
    void mulDivGivesQuotientAndRemainderOfThe128BitProduct(@ForAll @LongRange(min = 0) long a,
            @ForAll @LongRange(min = 1) long d, @ForAll @LongRange(min = 0) long bSeed) {
        long b = d == Long.MAX_VALUE ? bSeed : bSeed % (d + 1);
        BigInteger[] expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
                .divideAndRemainder(BigInteger.valueOf(d));
        long[] qr = new long[2];
        Exact.mulDiv(a, b, d, qr);
        assertThat(qr[0]).isEqualTo(expected[0].longValueExact());
        assertThat(qr[1]).isEqualTo(expected[1].longValueExact());
    }

    @Test
    void mulDivAtTheExtremes() {
        long[] qr = new long[2];
        Exact.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, qr);
        assertThat(qr).containsExactly(Long.MAX_VALUE, 0);
        Exact.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE, qr);
        assertThat(qr).containsExactly(Long.MAX_VALUE - 1, 0);
        Exact.mulDiv(Long.MAX_VALUE, 3, 4, qr);
        BigInteger[] e = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(3))
                .divideAndRemainder(BigInteger.valueOf(4));
        assertThat(qr).containsExactly(e[0].longValue(), e[1].longValue());
        Exact.mulDiv(Long.MAX_VALUE - 12345, (1L << 40) + 7, (1L << 40) + 9, qr);
        e = BigInteger.valueOf(Long.MAX_VALUE - 12345).multiply(BigInteger.valueOf((1L << 40) + 7))
                .divideAndRemainder(BigInteger.valueOf((1L << 40) + 9));
        assertThat(qr).containsExactly(e[0].longValue(), e[1].longValue());
    }
}
