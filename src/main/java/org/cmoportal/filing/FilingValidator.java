package org.cmoportal.filing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.Keys;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.error.Problem;
import org.cmoportal.money.AmountFormatException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;
import org.cmoportal.money.RateFormatException;

/**
 * Checks a {@link FilingDocument} against the CMO it is sent to, collecting every problem with the field it is in
 * ({@code revenue}, {@code mixtureWeights.news}) and what to do. The engine's parsers decide what a valid amount
 * or rate is; this class only names the field.
 */
final class FilingValidator {

    private FilingValidator() {
    }

    /** What could be made of the document: the valid parts (null where a field is wrong) and the problems. */
    record Checked(String model, Long revenue, Long servingCost, Long postTrainingCost, Rate dataValueShare,
            Map<String, Rate> weights, BigDecimal weightSum, MixtureWeights mixture,
            FilingDocument.Attestation attestation, List<Problem> problems) {

        /** The whole filing, when nothing is wrong. */
        ValidFiling valid(FilingTerms terms, String period) {
            if (!problems.isEmpty()) {
                return null;
            }
            return new ValidFiling(model, period, terms.currency(),
                    new FilingFigures(revenue, servingCost, postTrainingCost, dataValueShare, mixture), attestation);
        }

        boolean figuresComplete() {
            return revenue != null && servingCost != null && postTrainingCost != null;
        }
    }

    /**
     * @param already problems found while reading the document; a field reported there is not reported again as missing
     */
    static Checked check(FilingDocument doc, FilingTerms terms, String periodLabel, List<Problem> already) {
        List<Problem> problems = new ArrayList<>(already);
        String model = doc.model();
        if (model == null) {
            missing(problems, "model", "the model's name, like \"acme-llm-7\"");
        } else {
            String problem = Keys.problem(model, "model");
            if (problem != null) {
                problems.add(new Problem("model", problem));
                model = null;
            }
        }
        if (doc.period() != null && !doc.period().equals(periodLabel)) {
            problems.add(new Problem("period", "the filing says \"" + doc.period() + "\" but it is being filed for period "
                    + periodLabel + "; correct the period or file it in " + doc.period()));
        }
        if (doc.currency() == null) {
            missing(problems, "currency", "\"" + terms.currency().code() + "\"");
        } else if (!doc.currency().equals(terms.currency().code())) {
            problems.add(new Problem("currency", "the filing is in \"" + doc.currency() + "\" but " + terms.tenantName()
                    + " takes filings in " + terms.currency().code() + "; give every amount in " + terms.currency().code()));
        }
        Long revenue = amount(problems, "revenue", doc.revenue(), terms);
        Long serving = amount(problems, "servingCost", doc.servingCost(), terms);
        Long postTraining = amount(problems, "postTrainingCost", doc.postTrainingCost(), terms);
        Rate share = null;
        if (doc.dataValueShare() == null) {
            missing(problems, "dataValueShare", "the share of the model's value owed to data, like \"0.30\"");
        } else {
            try {
                share = Rate.parse(doc.dataValueShare());
            } catch (RateFormatException e) {
                problems.add(new Problem("dataValueShare", e.getMessage()));
            }
        }
        Map<String, Rate> weights = new TreeMap<>(CodePointOrder.INSTANCE);
        BigDecimal sum = null;
        MixtureWeights mixture = null;
        if (doc.mixtureWeights() == null) {
            missing(problems, "mixtureWeights", "the whole training mixture, like {\"news\": \"0.25\", \"other\": \"0.75\"}");
        } else if (doc.mixtureWeights().isEmpty()) {
            problems.add(new Problem("mixtureWeights", "no categories; list the whole training mixture with weights summing to 1"));
        } else {
            boolean allValid = true;
            long millionths = 0;
            for (Map.Entry<String, String> e : doc.mixtureWeights().entrySet()) {
                String where = "mixtureWeights." + e.getKey();
                String keyProblem = Keys.problem(e.getKey(), "category key");
                if (keyProblem != null) {
                    problems.add(new Problem(where, keyProblem));
                    allValid = false;
                    continue;
                }
                if (e.getValue() == null) {
                    if (problems.stream().noneMatch(p -> p.where().equals(where))) {
                        problems.add(new Problem(where, "the weight is missing; give it like \"0.25\""));
                    }
                    allValid = false;
                    continue;
                }
                try {
                    Rate w = Rate.parse(e.getValue());
                    weights.put(e.getKey(), w);
                    millionths += w.millionths();
                } catch (RateFormatException ex) {
                    problems.add(new Problem(where, ex.getMessage()));
                    allValid = false;
                }
            }
            sum = BigDecimal.valueOf(millionths, 6);
            if (allValid) {
                if (millionths != Rate.ONE_MILLIONTHS) {
                    problems.add(new Problem("mixtureWeights", "the weights sum to " + plain(sum) + "; they must sum to exactly 1 ("
                            + distance(sum) + ")"));
                } else {
                    mixture = new MixtureWeights(weights);
                }
            }
        }
        FilingDocument.Attestation attestation = attestation(doc.attestation(), terms, problems);
        return new Checked(model, revenue, serving, postTraining, share, weights, sum, mixture, attestation, problems);
    }

    /** How far a weight sum is from 1, in words: "0.05 short of 1", "0.1 over 1". */
    static String distance(BigDecimal sum) {
        int c = sum.compareTo(BigDecimal.ONE);
        if (c == 0) {
            return "exactly 1";
        }
        return c < 0 ? plain(BigDecimal.ONE.subtract(sum)) + " short of 1" : plain(sum.subtract(BigDecimal.ONE)) + " over 1";
    }

    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static Long amount(List<Problem> problems, String where, String text, FilingTerms terms) {
        if (text == null) {
            missing(problems, where, "an amount in " + terms.currency().code() + " like \"1250000.00\"");
            return null;
        }
        try {
            return Amounts.parse(text, terms.currency());
        } catch (AmountFormatException e) {
            problems.add(new Problem(where, e.getMessage()));
            return null;
        }
    }

    private static FilingDocument.Attestation attestation(FilingDocument.Attestation a, FilingTerms terms, List<Problem> problems) {
        boolean empty = a == null || (blank(a.evaluator()) && blank(a.reference()) && blank(a.sha256()));
        if (empty) {
            if (terms.requiresAttestation()) {
                problems.add(new Problem("attestation", terms.tenantName() + " requires an independent evaluator's attestation: "
                        + "give evaluator, reference and the report's sha256"));
            }
            return null;
        }
        boolean ok = true;
        ok &= label(problems, "attestation.evaluator", a.evaluator(), "the evaluator's name");
        ok &= label(problems, "attestation.reference", a.reference(), "the evaluator's report reference");
        String sha = a.sha256() == null ? null : a.sha256().toLowerCase(Locale.ROOT);
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            if (problems.stream().noneMatch(p -> p.where().equals("attestation.sha256"))) {
                problems.add(new Problem("attestation.sha256", "give the SHA-256 of the evaluator's report as 64 hexadecimal digits"));
            }
            ok = false;
        }
        return ok ? new FilingDocument.Attestation(a.evaluator(), a.reference(), sha) : null;
    }

    private static boolean label(List<Problem> problems, String where, String value, String what) {
        if (value == null || value.isBlank() || value.length() > 200 || !value.equals(value.strip())) {
            if (problems.stream().noneMatch(p -> p.where().equals(where))) {
                problems.add(new Problem(where, "give " + what + " (1 to 200 characters, no white space around it)"));
            }
            return false;
        }
        return true;
    }

    private static void missing(List<Problem> problems, String where, String what) {
        if (problems.stream().noneMatch(p -> p.where().equals(where))) {
            problems.add(new Problem(where, "missing; add " + what));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
