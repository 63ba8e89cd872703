package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cmoportal.distribution.PeriodDistribution;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.Filings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The database's set-based run against the engine, to the minor unit, over random periods full of ties
 * (equal units, equal shares), refs above U+FFFF (where code point order and Java's UTF-16 order differ),
 * unmatched refs, categories without usage, a loss and an administered category missing from the mixture.
 */
@QuarkusTest
class RunAgreementTest {

    static final String T = "wf-agree";
    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    /** U+FF5A sorts before U+1D49C by code point, after it in UTF-16; both are tie-breakers here. */
    static final List<String> REFS = List.of("a", "b", "B", "ab", "zoë", "zoe\u0301", "\uFF5A", "\uD835\uDC9C", "\uD835\uDC9Cb",
            "日本", "m-1", "m-2", "m-10", "x y", "Ω");
    static final List<String> MEMBERS = REFS.subList(0, 10);
    static Cmo cmo;

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, MEMBERS);
    }

    @Test
    void randomPeriodsAgreeWithTheEngineToTheMinorUnit() throws SQLException {
        for (int seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            String p = "agree-" + seed;
            cmo.open(p);
            List<FilingFixture.Filed> accepted = new ArrayList<>();
            int filings = 1 + random.nextInt(4);
            for (int i = 0; i < filings; i++) {
                accepted.add(FilingFixture.file(T, p, randomFiling(random, "model-" + i, seed == 3 && i == 0)));
            }
            cmo.post("nadia", p, "close").then().statusCode(200);
            for (FilingFixture.Filed f : accepted) {
                cmo.postJson("nadia", "/periods/" + p + "/filings/" + f.id() + "/accept", Map.of("justification", "checked"))
                        .then().statusCode(200);
            }
            JsonPath run = cmo.post(seed % 2 == 0 ? "nadia" : "noah", p, "calculate").then().statusCode(200).extract().jsonPath();
            PeriodDistribution engine = Reference.engine(accepted);
            assertThat(run.getString("tenantGross")).as("seed " + seed).isEqualTo(Amounts.format(engine.tenantGross(), USD));
            assertThat(run.getString("fees")).as("seed " + seed).isEqualTo(Amounts.format(engine.fees(), USD));
            assertThat(run.getString("paid")).as("seed " + seed).isEqualTo(Amounts.format(engine.paid(), USD));
            assertThat(run.getString("suspense")).as("seed " + seed).isEqualTo(Amounts.format(engine.suspense(), USD));
            assertThat(run.getMap("suspenseByRef")).as("seed " + seed).isEqualTo(formatted(engine.suspenseByRef()));
            assertThat(run.getMap("suspenseByCategory")).as("seed " + seed).isEqualTo(formatted(engine.suspenseByCategory()));
            Reference.assertRunLinesMatch(run.getLong("id"), accepted);
            cmo.post(seed % 2 == 0 ? "noah" : "nadia", p, "approve").then().statusCode(200);
            cmo.post("nadia", p, "distribute").then().statusCode(200);
            Reference.assertStatementsMatch(T, p, engine);
        }
    }

    /** Small amounts and few refs, so that fractions tie often. */
    private static FilingFixture.Spec randomFiling(Random r, String model, boolean loss) {
        long revenue = 1 + r.nextInt(r.nextBoolean() ? 1_000 : 100_000_000);
        long serving = loss ? revenue + 1 : r.nextInt((int) Math.max(1, revenue / 2));
        Map<String, String> weights = new LinkedHashMap<>();
        int news = r.nextInt(1_000_001);
        int code = r.nextInt(1_000_001 - news);
        if (r.nextInt(5) == 0) {
            weights.put("news", rate(1_000_000 - code)); // code, administered, missing from the mixture
            weights.put("other", rate(code));
        } else {
            weights.put("news", rate(news));
            weights.put("code", rate(code));
            weights.put("other", rate(1_000_000 - news - code));
        }
        List<Filings.Line> usage = new ArrayList<>();
        for (String category : List.of("news", "code")) {
            if (r.nextInt(6) == 0) {
                continue; // no usage: the net goes to suspense for the category
            }
            int lines = 1 + r.nextInt(REFS.size());
            boolean equalUnits = r.nextBoolean();
            for (int i = 0; i < lines; i++) {
                usage.add(new Filings.Line(category, REFS.get(r.nextInt(REFS.size())), equalUnits ? 1 : 1 + r.nextInt(5)));
            }
        }
        String share = rate(100_000 + r.nextInt(500_000));
        return new FilingFixture.Spec(model, revenue, serving, 0, share, weights, usage);
    }

    private static String rate(int millionths) {
        return java.math.BigDecimal.valueOf(millionths, 6).toPlainString();
    }

    private static Map<String, String> formatted(Map<String, Long> amounts) {
        Map<String, String> out = new LinkedHashMap<>();
        amounts.forEach((k, v) -> out.put(k, Amounts.format(v, USD)));
        return out;
    }
}
