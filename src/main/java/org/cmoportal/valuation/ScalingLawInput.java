package org.cmoportal.valuation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A scaling-law valuation as a person or a program gives it: an API body ({@code {fit, model, baseline}} with JSON
 * numbers) or a form's fields, named as the body's paths ({@code fit.alpha}, {@code model.N}). Every problem is
 * located the same way, with a prefix where the valuation is part of something larger ({@code valuation.fit.alpha}).
 */
public final class ScalingLawInput {

    /** The form's field names, which are also the API's paths of the same values. */
    public static final List<String> FIELDS = List.of("fit.preset", "fit.E", "fit.A", "fit.alpha", "fit.B", "fit.beta",
            "model.N", "model.D", "baseline.N0", "baseline.D0");

    /** The form's choice for constants the evaluator fitted itself; any other value names a preset. */
    public static final String OWN = ScalingLaw.OWN;

    /** How each value is named in a sentence. */
    private static final Map<String, String> NAMES = Map.of(
            "fit.E", "the irreducible loss E",
            "fit.A", "the parameters' coefficient A",
            "fit.alpha", "the parameters' exponent alpha",
            "fit.B", "the data's coefficient B",
            "fit.beta", "the data's exponent beta",
            "model.N", "the model's parameters N",
            "model.D", "the model's training tokens D",
            "baseline.N0", "the baseline's parameters N0",
            "baseline.D0", "the baseline's training tokens D0");

    /** A decimal as people type it: 70000000000, 70e9, 7.0E10, 0.34, .34. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private ScalingLawInput() {
    }

    /**
     * What came of an input.
     *
     * @param given false when no valuation was given at all (it is optional on an attestation)
     */
    public record Parsed(boolean given, ScalingLaw.Valuation valuation, List<Problem> problems) {

        public static final Parsed NONE = new Parsed(false, null, List.of());

        public boolean ok() {
            return given && problems.isEmpty();
        }

        /** The valuation, or a 422 with every problem. */
        public ScalingLaw.Valuation orThrow() {
            if (!problems.isEmpty()) {
                throw DomainException.invalid(problems);
            }
            return valuation;
        }
    }

    /**
     * An API body {@code {fit: {E, A, alpha, B, beta} | {preset}, model: {N, D}, baseline: {N0, D0}}}; {@link Parsed#NONE}
     * for a missing or null node.
     */
    public static Parsed fromJson(JsonNode body, String prefix) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Parsed.NONE;
        }
        List<Problem> problems = new ArrayList<>();
        if (!body.isObject()) {
            problems.add(new Problem(prefix.isEmpty() ? "body" : strip(prefix), "Give the valuation as a JSON object"
                    + " {\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 7e10, \"D\": 1.4e12}, \"baseline\": {\"N0\": 7e9, \"D0\": 1.4e11}}."));
            return new Parsed(true, null, problems);
        }
        double[] constants = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        ScalingLaw.Fit fit = null;
        JsonNode f = body.get("fit");
        if (f == null || !f.isObject()) {
            problems.add(new Problem(prefix + "fit", "Give the fit: {\"preset\": \"hoffmann-2022\"} or \"besiroglu-2024\", or your own"
                    + " constants {\"E\": 1.69, \"A\": 406.4, \"alpha\": 0.34, \"B\": 410.7, \"beta\": 0.28}."));
        } else if (f.has("preset")) {
            JsonNode preset = f.get("preset");
            if (f.has("E") || f.has("A") || f.has("alpha") || f.has("B") || f.has("beta")) {
                problems.add(new Problem(prefix + "fit", "Give a preset or your own constants E, A, alpha, B and beta, not both."));
            } else if (!preset.isTextual() || ScalingLaw.preset(preset.asText()).isEmpty()) {
                problems.add(new Problem(prefix + "fit.preset", "There is no preset " + preset
                        + ": choose \"hoffmann-2022\" or \"besiroglu-2024\", or give your own constants E, A, alpha, B and beta."));
            } else {
                fit = ScalingLaw.preset(preset.asText()).orElseThrow();
            }
        } else {
            String[] keys = {"E", "A", "alpha", "B", "beta"};
            for (int i = 0; i < keys.length; i++) {
                constants[i] = number(f, keys[i], "fit." + keys[i], prefix, problems);
            }
        }
        double[] model = pair(body, "model", "N", "D", prefix, problems, "{\"N\": 7e10, \"D\": 1.4e12}: the model's parameters and training tokens");
        double[] baseline = pair(body, "baseline", "N0", "D0", prefix, problems,
                "{\"N0\": 7e9, \"D0\": 1.4e11}: the smaller model the gain is measured from, for example N/10 and D/10");
        if (fit == null) {
            fit = ScalingLaw.own(constants[0], constants[1], constants[2], constants[3], constants[4]);
        }
        return outcome(fit, model[0], model[1], baseline[0], baseline[1], prefix, problems);
    }

    private static double[] pair(JsonNode body, String key, String first, String second, String prefix, List<Problem> problems,
            String example) {
        JsonNode node = body.get(key);
        if (node == null || !node.isObject()) {
            problems.add(new Problem(prefix + key, "Give " + key + " as " + example + "."));
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {number(node, first, key + "." + first, prefix, problems),
            number(node, second, key + "." + second, prefix, problems)};
    }

    private static double number(JsonNode parent, String key, String field, String prefix, List<Problem> problems) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            problems.add(new Problem(prefix + field, "Give " + NAMES.get(field) + " as a JSON number."));
            return Double.NaN;
        }
        if (!value.isNumber()) {
            problems.add(new Problem(prefix + field, "Give " + NAMES.get(field) + " as a JSON number (for example 0.34 or 7e10), not "
                    + (value.isTextual() ? "the string " + value : value.getNodeType().name().toLowerCase(Locale.ROOT)) + "."));
            return Double.NaN;
        }
        return value.doubleValue();
    }

    /**
     * A form's fields by name ({@link #FIELDS}); with {@code optional}, an empty or {@code none} fit means no valuation.
     * The constants are read only for the evaluator's own fit ({@code fit.preset} = {@code own}).
     */
    public static Parsed fromForm(Function<String, String> field, String prefix, boolean optional) {
        String preset = trimmed(field.apply("fit.preset"));
        if (optional && (preset.isEmpty() || preset.equals("none"))) {
            return Parsed.NONE;
        }
        List<Problem> problems = new ArrayList<>();
        ScalingLaw.Fit fit;
        if (preset.equals(OWN)) {
            fit = ScalingLaw.own(typed(field, "fit.E", prefix, problems), typed(field, "fit.A", prefix, problems),
                    typed(field, "fit.alpha", prefix, problems), typed(field, "fit.B", prefix, problems),
                    typed(field, "fit.beta", prefix, problems));
        } else if (ScalingLaw.preset(preset).isPresent()) {
            fit = ScalingLaw.preset(preset).orElseThrow();
        } else {
            problems.add(new Problem(prefix + "fit.preset", "Choose a fit: Hoffmann et al. 2022, Besiroglu et al. 2024, or your own constants."));
            fit = ScalingLaw.own(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double n = typed(field, "model.N", prefix, problems);
        double d = typed(field, "model.D", prefix, problems);
        double n0 = typed(field, "baseline.N0", prefix, problems);
        double d0 = typed(field, "baseline.D0", prefix, problems);
        return outcome(fit, n, d, n0, d0, prefix, problems);
    }

    private static double typed(Function<String, String> field, String name, String prefix, List<Problem> problems) {
        String text = trimmed(field.apply(name));
        if (text.isEmpty()) {
            problems.add(new Problem(prefix + name, "Give " + NAMES.get(name) + "."));
            return Double.NaN;
        }
        if (!NUMBER.matcher(text).matches()) {
            problems.add(new Problem(prefix + name, "'" + text + "' is not a number: write " + NAMES.get(name)
                    + " like 0.34, 7e10 or 70000000000."));
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }

    /** The problems found while reading, then the law's own checks on whatever could be read. */
    private static Parsed outcome(ScalingLaw.Fit fit, double n, double d, double n0, double d0, String prefix, List<Problem> problems) {
        for (ScalingLaw.Issue issue : ScalingLaw.check(fit, n, d, n0, d0)) {
            String where = prefix + issue.where();
            // a value that could not be read is already reported where it is, and fails the law's checks as well
            // (and without a fit there are no constants to check)
            boolean reported = problems.stream().anyMatch(p -> where.equals(p.where()) || where.startsWith(p.where() + ".")
                    || p.where().equals(prefix + "fit.preset") && where.startsWith(prefix + "fit."));
            if (!reported) {
                problems.add(new Problem(where, issue.message()));
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(true, null, List.copyOf(problems));
        }
        return new Parsed(true, ScalingLaw.value(fit, n, d, n0, d0), List.of());
    }

    private static String trimmed(String text) {
        return text == null ? "" : text.strip();
    }

    private static String strip(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
