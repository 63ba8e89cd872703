package org.cmoportal.valuation;

import java.util.List;
import java.util.Map;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.error.Problem;

/**
 * The calculator page as shown: the fields as typed, the problems, and the valuation with its chart when the
 * inputs give one.
 *
 * @param attach where an evaluator takes this valuation to attach it to a filing's attestation, or null
 * @param tenant with {@code filing}, the filing the evaluator came from (kept in the form), or null
 */
public record Calculator(Map<String, String> form, List<Problem> problems, ValuationView result, LossChart chart,
        String attach, String tenant, Long filing) {

    public List<ScalingLaw.Fit> presets() {
        return ScalingLaw.PRESETS;
    }

    public String value(String field) {
        return form.getOrDefault(field, "");
    }

    public boolean own() {
        return ScalingLaw.OWN.equals(value("fit.preset"));
    }

    public String fitLabel(String method) {
        return Valuations.fitLabel(method);
    }

    /** The first problem at each field, for marking the fields ({@code tags/valuationField.html}). */
    public Map<String, String> problemsByField() {
        Map<String, String> byField = new java.util.LinkedHashMap<>();
        problems.forEach(p -> byField.putIfAbsent(p.where(), p.message()));
        return byField;
    }

    /** The problem at a field, or null: the page marks the field and says it beside it. */
    public String problemAt(String field) {
        return problems.stream().filter(p -> p.where().equals(field)).map(Problem::message).findFirst().orElse(null);
    }
}
