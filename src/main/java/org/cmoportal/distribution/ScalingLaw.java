package org.cmoportal.distribution;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.cmoportal.money.Rate;
import org.cmoportal.money.Rounding;

/**
 * The data-value share implied by a fitted loss law {@code L(N, D) = E + A / N^alpha + B / D^beta} (economics.md,
 * "The data-value share from a scaling law"). The law is additive, so the loss a model gains over a smaller
 * baseline splits exactly into what the extra data and the extra parameters bring: the two-player Shapley value.
 *
 * <p>Computed in IEEE double with {@link StrictMath#pow} so that every JVM gets the same bits, then rounded once:
 * the double's decimal form ({@link BigDecimal#valueOf(double)}) half-even to 6 fraction digits.
 */
public final class ScalingLaw {

    /** The method name of constants an evaluator fitted itself. */
    public static final String OWN = "own";

    /** Hoffmann et al. 2022 (Chinchilla), approach 3. */
    public static final Fit HOFFMANN_2022 = new Fit("hoffmann-2022", 1.69, 406.4, 0.34, 410.7, 0.28);

    /** Besiroglu et al. 2024, the refit of Hoffmann et al.'s data. */
    public static final Fit BESIROGLU_2024 = new Fit("besiroglu-2024", 1.8172, 482.01, 0.3478, 2085.43, 0.3658);

    public static final List<Fit> PRESETS = List.of(HOFFMANN_2022, BESIROGLU_2024);

    private ScalingLaw() {
    }

    /**
     * A fitted loss law.
     *
     * @param method a preset's name, or {@link #OWN} for the evaluator's own constants
     */
    public record Fit(String method, double e, double a, double alpha, double b, double beta) {

        /** The law's loss at {@code n} parameters and {@code d} training tokens (for charts; the share does not use E). */
        public double loss(double n, double d) {
            return e + a * StrictMath.pow(n, -alpha) + b * StrictMath.pow(d, -beta);
        }

        public boolean preset() {
            return !OWN.equals(method);
        }
    }

    /** The preset of that name ({@code hoffmann-2022}, {@code besiroglu-2024}). */
    public static Optional<Fit> preset(String method) {
        return PRESETS.stream().filter(f -> f.method().equals(method)).findFirst();
    }

    /** Constants an evaluator fitted itself. */
    public static Fit own(double e, double a, double alpha, double b, double beta) {
        return new Fit(OWN, e, a, alpha, b, beta);
    }

    /** An input the share cannot be computed from: where (as the API names it) and what to do. */
    public record Issue(String where, String message) {
    }

    /**
     * Every reason the share cannot be computed from these inputs, each located as the API body names it
     * ({@code fit.alpha}, {@code model.N}, {@code baseline.D0}); empty when it can.
     */
    public static List<Issue> check(Fit fit, double n, double d, double n0, double d0) {
        List<Issue> issues = new ArrayList<>();
        positive(issues, "fit.E", fit.e(), "the irreducible loss");
        positive(issues, "fit.A", fit.a(), "the parameters' coefficient");
        exponent(issues, "fit.alpha", fit.alpha(), "parameters");
        positive(issues, "fit.B", fit.b(), "the data's coefficient");
        exponent(issues, "fit.beta", fit.beta(), "data");
        boolean nKnown = positive(issues, "model.N", n, "the model's parameters");
        boolean dKnown = positive(issues, "model.D", d, "the model's training tokens");
        nKnown &= positive(issues, "baseline.N0", n0, "the baseline's parameters");
        dKnown &= positive(issues, "baseline.D0", d0, "the baseline's training tokens");
        if (nKnown && n0 > n) {
            issues.add(new Issue("baseline.N0", "The baseline has more parameters (" + text(n0) + ") than the model (" + text(n)
                    + "): a baseline is the smaller model the gain is measured from. Take N0 at most N, for example N/10."));
        }
        if (dKnown && d0 > d) {
            issues.add(new Issue("baseline.D0", "The baseline has more training tokens (" + text(d0) + ") than the model (" + text(d)
                    + "): take D0 at most D, for example D/10."));
        }
        if (nKnown && dKnown && n0 == n && d0 == d) {
            issues.add(new Issue("baseline", "The baseline is the model itself (N0 = N and D0 = D): there is no gain to split."
                    + " Take a smaller baseline, for example N/10 and D/10."));
        }
        if (issues.isEmpty()) {
            double phiData = phiData(fit, d, d0);
            double phiParams = phiParams(fit, n, n0);
            if (!Double.isFinite(phiData) || !Double.isFinite(phiParams) || !(phiData + phiParams > 0)
                    || !Double.isFinite(phiData / (phiData + phiParams))) {
                issues.add(new Issue("baseline", "The loss gain from this baseline cannot be computed in double precision"
                        + " (it is zero, or too large): take a baseline that differs from the model by a clear factor, for"
                        + " example N/10 and D/10, and sizes between 1 and 1e30."));
            }
        }
        return issues;
    }

    private static boolean positive(List<Issue> issues, String where, double value, String what) {
        if (!Double.isFinite(value) || value <= 0) {
            issues.add(new Issue(where, "Give " + what + " as a positive number" + (Double.isFinite(value) ? ", not " + text(value)
                    : " that is not too large to compute with") + "."));
            return false;
        }
        return true;
    }

    private static void exponent(List<Issue> issues, String where, double value, String what) {
        if (!Double.isFinite(value) || value <= 0 || value > 1) {
            issues.add(new Issue(where, "The " + what + " exponent must be above 0 and at most 1"
                    + (Double.isFinite(value) ? ", not " + text(value) : "") + "; published fits have about 0.3."));
        }
    }

    /** The loss the extra data brings: {@code B * (D0^-beta - D^-beta)}. */
    static double phiData(Fit fit, double d, double d0) {
        return fit.b() * (StrictMath.pow(d0, -fit.beta()) - StrictMath.pow(d, -fit.beta()));
    }

    /** The loss the extra parameters bring: {@code A * (N0^-alpha - N^-alpha)}. */
    static double phiParams(Fit fit, double n, double n0) {
        return fit.a() * (StrictMath.pow(n0, -fit.alpha()) - StrictMath.pow(n, -fit.alpha()));
    }

    /**
     * The valuation of a model of {@code n} parameters trained on {@code d} tokens against the baseline
     * {@code (n0, d0)}.
     *
     * @throws CalculationInputException at the first of {@link #check}'s issues; call it first for all of them
     */
    public static Valuation value(Fit fit, double n, double d, double n0, double d0) {
        List<Issue> issues = check(fit, n, d, n0, d0);
        if (!issues.isEmpty()) {
            throw new CalculationInputException(issues.get(0).where(), issues.get(0).message());
        }
        double phiData = phiData(fit, d, d0);
        double phiParams = phiParams(fit, n, n0);
        return new Valuation(fit, n, d, n0, d0, phiData, phiParams, round(phiData / (phiData + phiParams)));
    }

    /**
     * A share computed in double, as a rate: its decimal form ({@link BigDecimal#valueOf(double)}, so 0.1234565 is
     * "0.1234565" and not the binary value just below it) rounded half-even to 6 fraction digits.
     */
    public static Rate round(double share) {
        if (!Double.isFinite(share) || share < 0 || share > 1) {
            throw new IllegalArgumentException("a share is between 0 and 1; got " + share);
        }
        BigDecimal decimal = BigDecimal.valueOf(share);
        BigInteger millionths = decimal.unscaledValue().multiply(BigInteger.TEN.pow(6));
        int scale = decimal.scale();
        long rounded = scale >= 0 ? Rounding.halfEven(millionths, BigInteger.TEN.pow(scale))
                : millionths.multiply(BigInteger.TEN.pow(-scale)).longValueExact();
        return Rate.ofMillionths(rounded);
    }

    /** Whether a filed share and a valued one are further apart than the tolerance: |filed - valued| > tolerance. */
    public static boolean beyondTolerance(Rate filed, Rate valued, Rate tolerance) {
        return Math.abs(filed.millionths() - valued.millionths()) > tolerance.millionths();
    }

    /**
     * A computed valuation.
     *
     * @param phiData   the loss gained by the extra data
     * @param phiParams the loss gained by the extra parameters
     * @param share     {@code phiData / (phiData + phiParams)}, rounded
     */
    public record Valuation(Fit fit, double n, double d, double n0, double d0, double phiData, double phiParams, Rate share) {

        /** The share with exactly 6 fraction digits, as the API writes it: "0.598362". */
        public String shareText() {
            return share.toBigDecimal().setScale(6).toPlainString();
        }

        /**
         * The text an attestation's valuation digest is taken of: a JSON object without white space, keys in code
         * point order, every value a string, numbers as plain decimals of the doubles' decimal forms:
         * {@code {"A":"406.4","B":"410.7","D":"1400000000000",...,"dataValueShare":"0.598362","method":"hoffmann-2022"}}.
         */
        public String canonicalText() {
            return "{\"A\":\"" + text(fit.a()) + "\",\"B\":\"" + text(fit.b()) + "\",\"D\":\"" + text(d) + "\",\"D0\":\""
                    + text(d0) + "\",\"E\":\"" + text(fit.e()) + "\",\"N\":\"" + text(n) + "\",\"N0\":\"" + text(n0)
                    + "\",\"alpha\":\"" + text(fit.alpha()) + "\",\"beta\":\"" + text(fit.beta()) + "\",\"dataValueShare\":\""
                    + shareText() + "\",\"method\":\"" + fit.method() + "\"}";
        }

        /** SHA-256 of {@link #canonicalText()} (UTF-8), lower-case hex: what {@code printf '%s' TEXT | sha256sum} prints. */
        public String sha256() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(canonicalText().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    /** A double as a plain decimal of its decimal form: 7.0E10 is "70000000000", 0.34 is "0.34". */
    public static String text(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
