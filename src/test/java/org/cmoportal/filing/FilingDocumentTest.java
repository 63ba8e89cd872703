package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.error.Problem;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

/** filing.json reading, field validation, the canonical form and the preview, without a server. */
class FilingDocumentTest {

    static final FilingTerms NEWS = new FilingTerms("newsguild", "Press & News Guild", CurrencyUnit.of("USD"),
            new TenantTerms(Rate.parse("0.1"), ShareBand.DEFAULT, Map.of("news", DistributionRule.PRO_RATA_UNITS)), false);

    static FilingJsonReader.Parsed parse(String json) {
        return FilingJsonReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    static ValidFiling valid(String json) {
        FilingJsonReader.Parsed p = parse(json);
        FilingValidator.Checked c = FilingValidator.check(p.document(), NEWS, "2026-Q3", p.problems());
        assertThat(c.problems()).isEmpty();
        return c.valid(NEWS, "2026-Q3");
    }

    @Test
    void theCanonicalFormIsFixedAndIgnoresHowNumbersAndKeysWereWritten() {
        ValidFiling a = valid(FilingApiTest.EXAMPLE);
        String usage = "ab".repeat(32);
        assertThat(CanonicalFiling.json(a, usage)).isEqualTo("{\"currency\":\"USD\",\"dataValueShare\":\"0.3\","
                + "\"mixtureWeights\":{\"books\":\"0.15\",\"code\":\"0.4\",\"news\":\"0.25\",\"other\":\"0.2\"},"
                + "\"model\":\"acme-llm-7\",\"period\":\"2026-Q3\",\"postTrainingCost\":\"100000.00\",\"revenue\":\"1250000.00\","
                + "\"servingCost\":\"400000.00\",\"usageSha256\":\"" + usage + "\"}");
        ValidFiling b = valid("""
                {"mixtureWeights": {"other": "0.200000", "news": "0.25", "books": "0.15", "code": "0.4"}, "period": "2026-Q3",
                 "dataValueShare": "0.3", "model": "acme-llm-7", "currency": "USD", "revenue": "1250000",
                 "servingCost": "400000.0", "postTrainingCost": "100000.00"}""");
        assertThat(CanonicalFiling.sha256(b, usage)).isEqualTo(CanonicalFiling.sha256(a, usage)).matches("[0-9a-f]{64}");
        assertThat(CanonicalFiling.sha256(a, "cd".repeat(32))).isNotEqualTo(CanonicalFiling.sha256(a, usage));
    }

    @Test
    void anAttestationIsPartOfTheCanonicalFormWithItsHashInLowerCase() {
        ValidFiling a = valid(FilingApiTest.EXAMPLE.replace("}}", "}, \"attestation\": {\"evaluator\": \"Example \\\"Evals\\\"\", "
                + "\"reference\": \"r-1\", \"sha256\": \"" + "AB".repeat(32) + "\"}}"));
        assertThat(CanonicalFiling.json(a, "00".repeat(32))).startsWith(
                "{\"attestation\":{\"evaluator\":\"Example \\\"Evals\\\"\",\"reference\":\"r-1\",\"sha256\":\"" + "ab".repeat(32) + "\"},\"currency\"");
    }

    @Test
    void aDuplicateKeyAndAWrongPeriodAreReported() {
        assertThat(parse("{\"model\": \"a\", \"model\": \"b\"}").problems()).extracting(Problem::message)
                .anyMatch(m -> m.contains("Duplicate field 'model'"));
        FilingJsonReader.Parsed p = parse(FilingApiTest.EXAMPLE.replace("{\"model\"", "{\"period\": \"2026-Q2\", \"model\""));
        assertThat(FilingValidator.check(p.document(), NEWS, "2026-Q3", p.problems()).problems())
                .containsExactly(new Problem("period", "the filing says \"2026-Q2\" but it is being filed for period 2026-Q3; correct the period or file it in 2026-Q2"));
    }

    @Test
    void aRequiredAttestationMustBeThere() {
        FilingTerms strict = new FilingTerms("newsguild", "Press & News Guild", CurrencyUnit.of("USD"), NEWS.terms(), true);
        FilingJsonReader.Parsed p = parse(FilingApiTest.EXAMPLE);
        assertThat(FilingValidator.check(p.document(), strict, "2026-Q3", p.problems()).problems()).extracting(Problem::where)
                .containsExactly("attestation");
    }

    @Test
    void thePreviewShowsThePoolBeforeTheWeightsAddUpAndTheSplitAfter() {
        FilingDocument partial = new FilingDocument("m", null, "USD", "1250000.00", "400000.00", "100000.00", "0.30",
                Map.of("news", "0.25"), null);
        FilingPreview p = FilingPreview.of(partial, NEWS, "2026-Q3");
        assertThat(p.pool()).isEqualTo(22_500_000L);
        assertThat(p.categories()).isEmpty();
        assertThat(p.weightSum()).isEqualTo("0.25");
        assertThat(p.weightDistance()).isEqualTo("0.75 short of 1");
        FilingDocument whole = new FilingDocument("m", null, "USD", "1250000.00", "400000.00", "100000.00", "0.6",
                Map.of("news", "0.25", "other", "0.75"), null);
        FilingPreview q = FilingPreview.of(whole, NEWS, "2026-Q3");
        assertThat(q.tenantGross()).isEqualTo(11_250_000L);
        assertThat(q.shareFlagged()).isTrue();
        assertThat(q.categories()).extracting(FilingPreview.Line::fee).containsExactly(1_125_000L, null);
    }
}
