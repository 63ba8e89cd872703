package org.cmoportal.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact non-negative rational in lowest terms (a member's stake in a model, a ballot's yes share): compared and
 * added without rounding; rounded (half-even) only when written for people.
 */
public record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {

    public static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);
    public static final Fraction ONE = new Fraction(BigInteger.ONE, BigInteger.ONE);

    public Fraction {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("a fraction's denominator is positive; got " + denominator);
        }
        if (numerator.signum() < 0) {
            throw new IllegalArgumentException("a fraction here is never negative; got " + numerator + "/" + denominator);
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (numerator.signum() == 0) {
            denominator = BigInteger.ONE;
        } else if (!gcd.equals(BigInteger.ONE)) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
    }

    public static Fraction of(long numerator, long denominator) {
        return new Fraction(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Fraction of(BigInteger numerator, BigInteger denominator) {
        return new Fraction(numerator, denominator);
    }

    /** A rate's exact value: millionths / 10^6. */
    public static Fraction of(Rate rate) {
        return of(rate.millionths(), Rate.ONE_MILLIONTHS);
    }

    public Fraction plus(Fraction other) {
        return new Fraction(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Fraction times(Fraction other) {
        return new Fraction(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    /** Cross-multiplied, so no comparison is ever rounded. */
    @Override
    public int compareTo(Fraction other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    /** Rounded half-even to {@code digits} fraction digits, with every digit written: 1/3 to 6 is "0.333333". */
    public BigDecimal rounded(int digits) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), digits, RoundingMode.HALF_EVEN);
    }

    /** The rate the API writes: six digits, half-even ("0.333333", "1.000000"). */
    public String rate6() {
        return rounded(6).toPlainString();
    }

    /** As a percentage with four digits after the point, half-even, for pages: 1/3 is "33.3333%". */
    public String percent() {
        return rounded(6).movePointRight(2).toPlainString() + "%";
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
