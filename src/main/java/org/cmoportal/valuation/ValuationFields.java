package org.cmoportal.valuation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.resteasy.reactive.RestForm;

/** A valuation's fields as a form posts them ({@link ScalingLawInput#FIELDS}), for a page that carries one. */
public class ValuationFields {

    @RestForm("fit.preset")
    public String preset;

    @RestForm("fit.E")
    public String e;

    @RestForm("fit.A")
    public String a;

    @RestForm("fit.alpha")
    public String alpha;

    @RestForm("fit.B")
    public String b;

    @RestForm("fit.beta")
    public String beta;

    @RestForm("model.N")
    public String n;

    @RestForm("model.D")
    public String d;

    @RestForm("baseline.N0")
    public String n0;

    @RestForm("baseline.D0")
    public String d0;

    /** The fields by name. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fit.preset", preset);
        m.put("fit.E", e);
        m.put("fit.A", a);
        m.put("fit.alpha", alpha);
        m.put("fit.B", b);
        m.put("fit.beta", beta);
        m.put("model.N", n);
        m.put("model.D", d);
        m.put("baseline.N0", n0);
        m.put("baseline.D0", d0);
        return m;
    }

    /** Read as a valuation; with {@code optional}, no fit chosen means none. */
    public ScalingLawInput.Parsed parse(String prefix, boolean optional) {
        return ScalingLawInput.fromForm(asMap()::get, prefix, optional);
    }
}
