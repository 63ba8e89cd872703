package org.cmoportal.valuation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.money.Rate;

/**
 * How a scaling-law valuation reads in a sentence, the same on the administrator's review, the evaluator's page and
 * the member's trail: "data-value share 0.30 filed; scaling-law valuation 0.29 (Hoffmann 2022 fit, baseline N/10,
 * D/10) attested by Example Evals".
 */
public final class Valuations {

    private Valuations() {
    }

    /**
     * A valuation from the columns it is stored in ({@code attestation.valuation_*}), computed again with the engine;
     * empty when there is none, or when the stored inputs no longer give one.
     */
    public static Optional<ScalingLaw.Valuation> stored(String method, Double e, Double a, Double alpha, Double b, Double beta,
            Double n, Double d, Double n0, Double d0) {
        if (method == null || e == null || a == null || alpha == null || b == null || beta == null || n == null || d == null
                || n0 == null || d0 == null) {
            return Optional.empty();
        }
        ScalingLaw.Fit fit = new ScalingLaw.Fit(method, e, a, alpha, b, beta);
        return ScalingLaw.check(fit, n, d, n0, d0).isEmpty() ? Optional.of(ScalingLaw.value(fit, n, d, n0, d0)) : Optional.empty();
    }

    /** "Hoffmann 2022 fit", "Besiroglu 2024 fit" or "own fit". */
    public static String fitLabel(String method) {
        return switch (method) {
            case "hoffmann-2022" -> "Hoffmann 2022 fit";
            case "besiroglu-2024" -> "Besiroglu 2024 fit";
            default -> "own fit";
        };
    }

    /** "scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10, D/10)". */
    public static String describe(ScalingLaw.Valuation v) {
        return "scaling-law valuation " + decimal(v.share()) + " (" + fitLabel(v.fit().method()) + ", baseline "
                + scale(v.n(), v.n0(), "N") + ", " + scale(v.d(), v.d0(), "D") + ")";
    }

    /** The filed share beside an evaluator's valuation of it. */
    public static String sentence(Rate filed, ScalingLaw.Valuation v, String evaluator) {
        return sentence(filed, describe(v), evaluator);
    }

    /** The same, with the valuation already described ({@link ValuationView#description()}). */
    public static String sentence(Rate filed, String description, String evaluator) {
        return "data-value share " + decimal(filed) + " filed; " + description + " attested by " + evaluator;
    }

    /** A share as a decimal with at least two digits, exactly: 0.3 is "0.30", 0.598362 stays "0.598362". */
    public static String decimal(Rate rate) {
        BigDecimal d = rate.toBigDecimal().stripTrailingZeros();
        return (d.scale() < 2 ? d.setScale(2) : d).toPlainString();
    }

    /**
     * The baseline's size beside the model's: "N" when equal, "N/10" for a whole ratio, else "N0 3e9". A ratio within
     * a billionth of a whole number counts as whole, since N/10 typed as 7e9 beside 7e10 is exact but N/3 is not.
     */
    static String scale(double model, double baseline, String name) {
        if (baseline == model) {
            return name;
        }
        double ratio = model / baseline;
        double whole = Math.rint(ratio);
        if (whole >= 2 && Math.abs(ratio - whole) <= 1e-9 * ratio && whole < 1e15) {
            return name + "/" + (long) whole;
        }
        return name + "0 " + compact(baseline);
    }

    /** A size or a constant for people: 4 significant digits, powers of ten as "7e10" or "1.4e12". */
    public static String compact(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : String.valueOf(value);
        }
        BigDecimal b = BigDecimal.valueOf(value).round(new MathContext(4)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        if (exponent >= 5 || exponent <= -4) {
            return b.movePointLeft(exponent).toPlainString() + "e" + exponent;
        }
        return b.toPlainString();
    }
}
