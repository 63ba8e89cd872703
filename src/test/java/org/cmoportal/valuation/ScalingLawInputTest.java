package org.cmoportal.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.error.Problem;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading a valuation from the API's JSON and a form's fields, every problem located; its sentences; its chart's geometry. */
class ScalingLawInputTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ScalingLawInput.Parsed json(String body) throws Exception {
        return ScalingLawInput.fromJson(JSON.readTree(body), "");
    }

    static final String CHINCHILLA = "\"model\": {\"N\": 70e9, \"D\": 1.4e12}, \"baseline\": {\"N0\": 7e9, \"D0\": 1.4e11}";

    @Test
    void aPresetOrOwnConstantsGiveTheSameValuationAsTheEngine() throws Exception {
        ScalingLawInput.Parsed preset = json("{\"fit\": {\"preset\": \"besiroglu-2024\"}, " + CHINCHILLA + "}");
        assertThat(preset.ok()).isTrue();
        assertThat(preset.valuation().shareText()).isEqualTo("0.498356");
        ScalingLawInput.Parsed own = json("{\"fit\": {\"E\": 1.69, \"A\": 406.4, \"alpha\": 0.34, \"B\": 410.7, \"beta\": 0.28}, "
                + "\"model\": {\"N\": 70000000000, \"D\": 1400000000000}, \"baseline\": {\"N0\": 7000000000, \"D0\": 140000000000}}");
        assertThat(own.valuation().shareText()).isEqualTo("0.598362");
        assertThat(own.valuation().fit().method()).isEqualTo("own");
        assertThat(ScalingLawInput.fromJson(null, "valuation.")).isEqualTo(ScalingLawInput.Parsed.NONE);
        assertThat(ScalingLawInput.fromJson(JSON.readTree("null"), "valuation.").given()).isFalse();
    }

    @Test
    void everyBadValueOfTheBodyIsLocated() throws Exception {
        ScalingLawInput.Parsed bad = json("{\"fit\": {\"E\": -1, \"A\": \"406.4\", \"alpha\": 0, \"B\": 410.7, \"beta\": 1.5},"
                + " \"model\": {\"N\": 0, \"D\": 1.4e12}, \"baseline\": {\"N0\": 7e9}}");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.problems()).extracting(Problem::where)
                .containsExactlyInAnyOrder("fit.E", "fit.A", "fit.alpha", "fit.beta", "model.N", "baseline.D0");
        assertThat(bad.problems()).filteredOn(p -> p.where().equals("fit.A")).singleElement()
                .extracting(Problem::message).asString().contains("JSON number").contains("string");

        assertThat(json("{\"fit\": {\"preset\": \"hoffmann-2023\"}, " + CHINCHILLA + "}").problems()).extracting(Problem::where)
                .containsExactly("fit.preset");
        assertThat(json("{\"fit\": {\"preset\": \"hoffmann-2022\", \"alpha\": 0.3}, " + CHINCHILLA + "}").problems())
                .extracting(Problem::where).containsExactly("fit");
        assertThat(json("{\"model\": {\"N\": 7e10, \"D\": 1.4e12}}").problems()).extracting(Problem::where)
                .containsExactly("fit", "baseline");
        assertThat(json("[1, 2]").problems()).extracting(Problem::where).containsExactly("body");

        ScalingLawInput.Parsed above = json("{\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 7e9, \"D\": 1.4e12},"
                + " \"baseline\": {\"N0\": 7e10, \"D0\": 1.4e12}}");
        assertThat(above.problems()).extracting(Problem::where).containsExactly("baseline.N0");
        assertThat(above.problems().get(0).message()).contains("N/10");
        ScalingLawInput.Parsed same = ScalingLawInput.fromJson(JSON.readTree("{\"fit\": {\"preset\": \"hoffmann-2022\"},"
                + " \"model\": {\"N\": 7e9, \"D\": 1e12}, \"baseline\": {\"N0\": 7e9, \"D0\": 1e12}}"), "valuation.");
        assertThat(same.problems()).extracting(Problem::where).containsExactly("valuation.baseline");
    }

    @Test
    void aFormsFieldsAreReadAsPeopleTypeNumbers() {
        Map<String, String> form = new HashMap<>(Map.of("fit.preset", "own", "fit.E", "1.69", "fit.A", "406.4", "fit.alpha", ".34",
                "fit.B", "410.7", "fit.beta", "0.28", "model.N", " 7.0E10 ", "model.D", "1400000000000", "baseline.N0", "7e9",
                "baseline.D0", "1.4e11"));
        assertThat(ScalingLawInput.fromForm(form::get, "", false).valuation().shareText()).isEqualTo("0.598362");

        form.put("fit.alpha", "0,34");
        form.put("model.D", "");
        form.put("baseline.D0", "-1");
        ScalingLawInput.Parsed bad = ScalingLawInput.fromForm(form::get, "valuation.", false);
        assertThat(bad.problems()).extracting(Problem::where)
                .containsExactly("valuation.fit.alpha", "valuation.model.D", "valuation.baseline.D0");
        assertThat(bad.problems().get(0).message()).contains("'0,34' is not a number");

        // a preset ignores the constant fields; an optional valuation left at "no valuation" is none
        form.put("fit.preset", "hoffmann-2022");
        form.put("model.D", "1.4e12");
        form.put("baseline.D0", "1.4e11");
        assertThat(ScalingLawInput.fromForm(form::get, "", false).valuation().shareText()).isEqualTo("0.598362");
        form.put("fit.preset", "none");
        assertThat(ScalingLawInput.fromForm(form::get, "valuation.", true).given()).isFalse();
        assertThat(ScalingLawInput.fromForm(form::get, "", false).problems()).extracting(Problem::where).containsExactly("fit.preset");
    }

    @Test
    void theSentenceNamesTheFitTheBaselineAndWhoAttestedIt() {
        ScalingLaw.Valuation v = ScalingLaw.value(ScalingLaw.HOFFMANN_2022, 70e9, 1.4e12, 7e9, 1.4e11);
        assertThat(Valuations.describe(v)).isEqualTo("scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10, D/10)");
        assertThat(Valuations.sentence(Rate.parse("0.3"), v, "Example Evals")).isEqualTo("data-value share 0.30 filed; "
                + "scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10, D/10) attested by Example Evals");
        ScalingLaw.Valuation odd = ScalingLaw.value(ScalingLaw.BESIROGLU_2024, 70e9, 1.4e12, 70e9, 3e11);
        assertThat(Valuations.describe(odd)).isEqualTo("scaling-law valuation 1.00 (Besiroglu 2024 fit, baseline N, D0 3e11)");
        assertThat(Valuations.compact(70e9)).isEqualTo("7e10");
        assertThat(Valuations.compact(1.4e12)).isEqualTo("1.4e12");
        assertThat(Valuations.compact(406.4)).isEqualTo("406.4");
        assertThat(Valuations.compact(0.1477333230316424)).isEqualTo("0.1477");
        assertThat(Valuations.decimal(Rate.parse("0.29"))).isEqualTo("0.29");
    }

    @Test
    void theChartMarksTheBaselineAndTheModelInsideEachSlice() {
        ScalingLaw.Valuation v = ScalingLaw.value(ScalingLaw.HOFFMANN_2022, 70e9, 1.4e12, 7e9, 1.4e11);
        LossChart chart = LossChart.of("c", v);
        assertThat(chart.panels()).hasSize(2);
        for (LossChart.Panel p : chart.panels()) {
            for (String point : p.points().split(" ")) {
                int x = Integer.parseInt(point.split(",")[0]);
                int y = Integer.parseInt(point.split(",")[1]);
                assertThat(x).isBetween(p.left(), p.right());
                assertThat(y).isBetween(p.top(), p.bottom());
            }
            // the model has the lower loss, drawn lower on the page (SVG's y grows downwards), and to the right
            assertThat(p.model().y()).isGreaterThan(p.baseline().y());
            assertThat(p.model().x()).isGreaterThan(p.baseline().x());
            assertThat(p.xTicks()).isNotEmpty();
            assertThat(p.yTicks()).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(chart.panels().get(0).dropLabel()).isEqualTo("φ data 0.1477");
        assertThat(chart.panels().get(1).dropLabel()).isEqualTo("φ params 0.09916");
        assertThat(chart.description()).contains("0.598362").contains("N = 7e10").contains("D0 = 1.4e11");
        // half a decade either side: the x ticks are the powers of ten in between
        assertThat(chart.panels().get(0).xTicks()).extracting(LossChart.Tick::label).containsExactly("1e11", "1e12");
    }
}
