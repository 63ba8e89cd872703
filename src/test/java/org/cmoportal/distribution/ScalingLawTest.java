package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The data-value share from a scaling law (economics.md): the formula against values computed here independently
 * (plain {@link Math#pow} and {@link BigDecimal#setScale}), the one rounding, the checks and the canonical text.
 */
class ScalingLawTest {

    /** Chinchilla: 70e9 parameters, 1.4e12 tokens; the baseline a tenth of each. */
    static final double N = 70e9;
    static final double D = 1.4e12;
    static final double N0 = 7e9;
    static final double D0 = 1.4e11;

    /** The share as economics.md says, written out again with nothing of {@link ScalingLaw}. */
    static BigDecimal independently(double e, double a, double alpha, double b, double beta, double n, double d, double n0, double d0) {
        double phiData = b * (Math.pow(d0, -beta) - Math.pow(d, -beta));
        double phiParams = a * (Math.pow(n0, -alpha) - Math.pow(n, -alpha));
        return BigDecimal.valueOf(phiData / (phiData + phiParams)).setScale(6, RoundingMode.HALF_EVEN);
    }

    @Test
    void thePresetsAtChinchillaAgainstATenthOfIt() {
        ScalingLaw.Valuation hoffmann = ScalingLaw.value(ScalingLaw.HOFFMANN_2022, N, D, N0, D0);
        ScalingLaw.Valuation besiroglu = ScalingLaw.value(ScalingLaw.BESIROGLU_2024, N, D, N0, D0);
        assertThat(hoffmann.shareText()).isEqualTo("0.598362");
        assertThat(besiroglu.shareText()).isEqualTo("0.498356");
        assertThat(hoffmann.share().toBigDecimal()).isEqualTo(independently(1.69, 406.4, 0.34, 410.7, 0.28, N, D, N0, D0));
        assertThat(besiroglu.share().toBigDecimal()).isEqualTo(independently(1.8172, 482.01, 0.3478, 2085.43, 0.3658, N, D, N0, D0));
        // phi_data and phi_params themselves, as a person would type them into a calculator
        assertThat(hoffmann.phiData()).isCloseTo(410.7 * (Math.pow(1.4e11, -0.28) - Math.pow(1.4e12, -0.28)), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(hoffmann.phiParams()).isCloseTo(406.4 * (Math.pow(7e9, -0.34) - Math.pow(70e9, -0.34)), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(hoffmann.phiData()).isCloseTo(0.147733, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hoffmann.phiParams()).isCloseTo(0.099163, org.assertj.core.data.Offset.offset(1e-6));
        // the law's loss: E plus both terms
        assertThat(ScalingLaw.HOFFMANN_2022.loss(N, D0) - ScalingLaw.HOFFMANN_2022.loss(N, D))
                .isCloseTo(hoffmann.phiData(), org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * Half-even on the double's decimal form: 0.1234565 and 0.1234575 are ties there, though the binary values lie just
     * below them (so rounding the exact binary value, or half-up, would answer differently).
     */
    @Test
    void theDecimalFormIsRoundedHalfEvenToSixDigits() {
        assertThat(new BigDecimal(0.1234575)).isLessThan(new BigDecimal("0.1234575"));
        assertThat(ScalingLaw.round(0.1234565)).isEqualTo(Rate.parse("0.123456"));
        assertThat(ScalingLaw.round(0.1234575)).isEqualTo(Rate.parse("0.123458"));
        assertThat(ScalingLaw.round(0.12345651)).isEqualTo(Rate.parse("0.123457"));
        assertThat(ScalingLaw.round(0.5)).isEqualTo(Rate.parse("0.5"));
        assertThat(ScalingLaw.round(1.0)).isEqualTo(Rate.ONE);
        assertThat(ScalingLaw.round(1e-7)).isEqualTo(Rate.ZERO);
        assertThat(ScalingLaw.round(5e-7)).as("a tie to the even 0").isEqualTo(Rate.ZERO);
        assertThat(ScalingLaw.round(1.5e-6)).as("a tie to the even 2").isEqualTo(Rate.ofMillionths(2));

        // the same tie through the whole formula: exponents 1 and sizes 1 and 2 make each phi half its coefficient
        double a = 0.8765425;
        double b = 0.1234575;
        assertThat(b * 0.5 / (b * 0.5 + a * 0.5)).as("the double the formula computes").isEqualTo(0.1234575);
        ScalingLaw.Valuation tie = ScalingLaw.value(ScalingLaw.own(1, a, 1, b, 1), 2, 2, 1, 1);
        assertThat(tie.shareText()).isEqualTo("0.123458");
    }

    @Test
    void everyBadInputIsLocated() {
        ScalingLaw.Fit bad = ScalingLaw.own(0, -1, 0, Double.NaN, 1.5);
        assertThat(ScalingLaw.check(bad, N, D, N0, D0)).extracting(ScalingLaw.Issue::where)
                .containsExactly("fit.E", "fit.A", "fit.alpha", "fit.B", "fit.beta");
        assertThat(ScalingLaw.check(ScalingLaw.HOFFMANN_2022, 0, -D, N0, Double.POSITIVE_INFINITY)).extracting(ScalingLaw.Issue::where)
                .containsExactly("model.N", "model.D", "baseline.D0");
        List<ScalingLaw.Issue> above = ScalingLaw.check(ScalingLaw.HOFFMANN_2022, N, D, N * 2, D * 2);
        assertThat(above).extracting(ScalingLaw.Issue::where).containsExactly("baseline.N0", "baseline.D0");
        assertThat(above.get(0).message()).contains("140000000000").contains("N/10");
        assertThat(ScalingLaw.check(ScalingLaw.HOFFMANN_2022, N, D, N, D)).extracting(ScalingLaw.Issue::where)
                .containsExactly("baseline");
        // an exponent of exactly 1 is in (0, 1]; one baseline size equal to the model's is fine
        assertThat(ScalingLaw.check(ScalingLaw.own(1, 1, 1, 1, 1), N, D, N, D0)).isEmpty();
        assertThat(ScalingLaw.value(ScalingLaw.HOFFMANN_2022, N, D, N, D0).share()).isEqualTo(Rate.ONE);
        assertThatThrownBy(() -> ScalingLaw.value(ScalingLaw.HOFFMANN_2022, N, D, N, D))
                .isInstanceOf(CalculationInputException.class).hasMessageStartingWith("baseline:");
        // a gain too large for a double is said so, not divided into NaN
        assertThat(ScalingLaw.check(ScalingLaw.own(1, 1, 1, 1, 1), N, D, 1e-310, D0))
                .extracting(ScalingLaw.Issue::where).containsExactly("baseline");
    }

    @Test
    void theCanonicalTextAndItsDigestCanBeReproducedByHand() {
        ScalingLaw.Valuation v = ScalingLaw.value(ScalingLaw.HOFFMANN_2022, N, D, N0, D0);
        assertThat(v.canonicalText()).isEqualTo("{\"A\":\"406.4\",\"B\":\"410.7\",\"D\":\"1400000000000\",\"D0\":\"140000000000\","
                + "\"E\":\"1.69\",\"N\":\"70000000000\",\"N0\":\"7000000000\",\"alpha\":\"0.34\",\"beta\":\"0.28\","
                + "\"dataValueShare\":\"0.598362\",\"method\":\"hoffmann-2022\"}");
        // printf '%s' '<the text above>' | sha256sum
        assertThat(v.sha256()).isEqualTo("9e92ea401f442362f6bd7197a6be64e289c63b0d765a8df23bca9d3db97df079");
    }

    @Test
    void aFiledShareIsFlaggedOnlyBeyondTheTolerance() {
        Rate tolerance = Rate.parse("0.02");
        assertThat(ScalingLaw.beyondTolerance(Rate.parse("0.30"), Rate.parse("0.32"), tolerance)).isFalse();
        assertThat(ScalingLaw.beyondTolerance(Rate.parse("0.30"), Rate.parse("0.320001"), tolerance)).isTrue();
        assertThat(ScalingLaw.beyondTolerance(Rate.parse("0.30"), Rate.parse("0.28"), tolerance)).isFalse();
        assertThat(ScalingLaw.beyondTolerance(Rate.parse("0.30"), Rate.parse("0.279999"), tolerance)).isTrue();
        assertThat(ScalingLaw.beyondTolerance(Rate.parse("0.3"), Rate.parse("0.3"), Rate.ZERO)).isFalse();
    }

    /** Valid inputs: a fit with exponents in (0, 1], a model, and a baseline at most as large in each size. */
    record Inputs(double e, double a, double alpha, double b, double beta, double n, double d, double nFactor, double dFactor) {

        double n0() {
            return n / nFactor;
        }

        double d0() {
            return d / dFactor;
        }

        ScalingLaw.Fit fit() {
            return ScalingLaw.own(e, a, alpha, b, beta);
        }
    }

    @Provide
    Arbitrary<Inputs> inputs() {
        Arbitrary<Double> coefficient = Arbitraries.doubles().between(1, 5000);
        Arbitrary<Double> exponent = Arbitraries.doubles().between(0.05, 1);
        Arbitrary<Double> size = Arbitraries.doubles().between(1e6, 1e14);
        Arbitrary<Double> factor = Arbitraries.doubles().between(1.5, 1000);
        return Combinators.combine(Arbitraries.doubles().between(0.1, 5), coefficient, exponent, coefficient, exponent, size,
                size, factor).as((e, a, alpha, b, beta, n, d, f) -> new Inputs(e, a, alpha, b, beta, n, d, f, f * 1.3));
    }

    @Property(tries = 10_000)
    void theShareIsTheRoundedRatioOfTheTwoGainsAndLiesInZeroToOne(@ForAll("inputs") Inputs in) {
        assertThat(ScalingLaw.check(in.fit(), in.n(), in.d(), in.n0(), in.d0())).isEmpty();
        ScalingLaw.Valuation v = ScalingLaw.value(in.fit(), in.n(), in.d(), in.n0(), in.d0());
        assertThat(v.phiData()).isPositive();
        assertThat(v.phiParams()).isPositive();
        assertThat(v.share().toBigDecimal()).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
        BigDecimal exact = BigDecimal.valueOf(v.phiData() / (v.phiData() + v.phiParams())).setScale(6, RoundingMode.HALF_EVEN);
        assertThat(v.share().toBigDecimal()).isEqualTo(exact);
        // E moves the loss, never the split
        assertThat(ScalingLaw.value(ScalingLaw.own(in.e() + 1, in.a(), in.alpha(), in.b(), in.beta()), in.n(), in.d(), in.n0(), in.d0())
                .share()).isEqualTo(v.share());
    }

    @Property(tries = 2_000)
    void moreDataForTheSameModelNeverLowersTheShare(@ForAll("inputs") Inputs in) {
        Rate less = ScalingLaw.value(in.fit(), in.n(), in.d(), in.n0(), in.d0()).share();
        Rate more = ScalingLaw.value(in.fit(), in.n(), in.d() * 4, in.n0(), in.d0()).share();
        assertThat(more).isGreaterThanOrEqualTo(less);
    }

    @Property(tries = 2_000)
    void anyChangedInputChangesTheDigest(@ForAll("inputs") Inputs in) {
        ScalingLaw.Valuation v = ScalingLaw.value(in.fit(), in.n(), in.d(), in.n0(), in.d0());
        List<ScalingLaw.Valuation> changed = List.of(
                ScalingLaw.value(ScalingLaw.own(Math.nextUp(in.e()), in.a(), in.alpha(), in.b(), in.beta()), in.n(), in.d(), in.n0(), in.d0()),
                ScalingLaw.value(in.fit(), Math.nextUp(in.n()), in.d(), in.n0(), in.d0()),
                ScalingLaw.value(in.fit(), in.n(), in.d(), in.n0(), Math.nextDown(in.d0())),
                ScalingLaw.value(new ScalingLaw.Fit("hoffmann-2022", in.e(), in.a(), in.alpha(), in.b(), in.beta()), in.n(), in.d(),
                        in.n0(), in.d0()));
        for (ScalingLaw.Valuation c : changed) {
            assertThat(c.sha256()).isNotEqualTo(v.sha256());
        }
    }
}
