package org.cmoportal.valuation;

import org.cmoportal.distribution.ScalingLaw;

/**
 * A valuation as JSON and pages show it: the inputs in the API body's shape (so a program can send them again), the
 * result, the SHA-256 an attestation is bound to and the text it is taken of, and the sentence people read.
 *
 * @param method "hoffmann-2022", "besiroglu-2024" or "own"
 */
public record ValuationView(String method, String fitLabel, Fit fit, Model model, Baseline baseline, String dataValueShare,
        double phiData, double phiParams, String sha256, String canonical, String description) {

    /** The law's constants as used (a preset's included, so the digest pins the numbers). */
    public record Fit(double E, double A, double alpha, double B, double beta) {
    }

    public record Model(double N, double D) {
    }

    public record Baseline(double N0, double D0) {
    }

    /** phi_data for people: "0.1477". */
    public String phiDataText() {
        return Valuations.compact(phiData);
    }

    public String phiParamsText() {
        return Valuations.compact(phiParams);
    }

    public static ValuationView of(ScalingLaw.Valuation v) {
        ScalingLaw.Fit f = v.fit();
        return new ValuationView(f.method(), Valuations.fitLabel(f.method()), new Fit(f.e(), f.a(), f.alpha(), f.b(), f.beta()),
                new Model(v.n(), v.d()), new Baseline(v.n0(), v.d0()), v.shareText(), v.phiData(), v.phiParams(), v.sha256(),
                v.canonicalText(), Valuations.describe(v));
    }
}
