package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cmoportal.distribution.PeriodDistribution;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.Filings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The run as the portal calculates it (the usage streamed from the database through the engine, one filing and
 * category at a time, and written back) against the engine's own calculation of each whole filing and the period's
 * aggregation, to the minor unit, over random periods full of ties (equal units, equal shares), refs above U+FFFF
 * (where code point order and Java's UTF-16 order differ), refs that COPY's text format escapes, unmatched refs,
 * categories without usage, a loss and an administered category missing from the mixture.
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
            agree(cmo, T, p, accepted, seed % 2 == 0 ? "nadia" : "noah", seed % 2 == 0 ? "noah" : "nadia", "seed " + seed);
        }
    }

    /** Refs COPY's text format escapes (a backslash), quotes, commas, inner spaces, and orders that differ by UTF-16. */
    static final List<String> AWKWARD = List.of("back\\slash", "\\", "quote'd", "dq\"x", "comma,ref", "a b", "\uD83D\uDE00",
            "\uFFFD", "é", "e\u0301", "Z", "z", "m-01", "m-1", "日本語");
    static final List<String> AWKWARD_MEMBERS = List.of("back\\slash", "quote'd", "comma,ref", "\uD83D\uDE00", "é", "Z", "m-1", "日本語");

    /** Generated periods (jqwik's generators, a fixed seed so that a failure can be replayed) in a second CMO. */
    @Test
    void generatedPeriodsAgreeWithTheEngineToTheMinorUnit() throws SQLException {
        String tenant = "wf-agree-gen";
        Cmo gen = Cmo.once(tenant, AWKWARD_MEMBERS);
        Arbitrary<List<FilingFixture.Spec>> periods = filingSpec().list().ofMinSize(1).ofMaxSize(4);
        Random random = new Random(2026);
        List<List<FilingFixture.Spec>> generated = new ArrayList<>();
        JqwikSession.start(); // jqwik's generators outside a property: this test needs the running app
        try {
            for (int i = 0; i < 10; i++) {
                generated.add(periods.generator(100).next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        List<FilingFixture.Spec> all = generated.stream().flatMap(List::stream).toList();
        assertThat(all).as("the seed's periods hold the awkward cases")
                .anyMatch(f -> f.usage().stream().anyMatch(l -> l.ref().contains("\\")))
                .anyMatch(f -> f.usage().stream().noneMatch(l -> l.category().equals("code")))
                .anyMatch(f -> f.servingCost() > f.revenue())
                .anyMatch(f -> !f.weights().containsKey("code"));
        for (int i = 1; i <= generated.size(); i++) {
            List<FilingFixture.Spec> specs = generated.get(i - 1);
            String p = "gen-" + i;
            gen.open(p);
            List<FilingFixture.Filed> accepted = new ArrayList<>();
            for (int k = 0; k < specs.size(); k++) {
                FilingFixture.Spec s = specs.get(k);
                accepted.add(FilingFixture.file(tenant, p, new FilingFixture.Spec("model-" + k, s.revenue(), s.servingCost(),
                        s.postTrainingCost(), s.share(), s.weights(), s.usage())));
            }
            gen.post("nadia", p, "close").then().statusCode(200);
            for (FilingFixture.Filed f : accepted) {
                gen.postJson("nadia", "/periods/" + p + "/filings/" + f.id() + "/accept", Map.of("justification", "checked"))
                        .then().statusCode(200);
            }
            agree(gen, tenant, p, accepted, "noah", "nadia", "period " + i + " " + specs);
        }
    }

    /** Calculates, compares with the engine, approves, distributes and compares the statements. */
    private static void agree(Cmo cmo, String tenant, String p, List<FilingFixture.Filed> accepted, String calculator,
            String approver, String what) throws SQLException {
        JsonPath run = cmo.post(calculator, p, "calculate").then().statusCode(200).extract().jsonPath();
        PeriodDistribution engine = Reference.engine(accepted);
        assertThat(run.getString("tenantGross")).as(what).isEqualTo(Amounts.format(engine.tenantGross(), USD));
        assertThat(run.getString("fees")).as(what).isEqualTo(Amounts.format(engine.fees(), USD));
        assertThat(run.getString("paid")).as(what).isEqualTo(Amounts.format(engine.paid(), USD));
        assertThat(run.getString("suspense")).as(what).isEqualTo(Amounts.format(engine.suspense(), USD));
        assertThat(run.getMap("suspenseByRef")).as(what).isEqualTo(formatted(engine.suspenseByRef()));
        assertThat(run.getMap("suspenseByCategory")).as(what).isEqualTo(formatted(engine.suspenseByCategory()));
        Reference.assertRunLinesMatch(run.getLong("id"), accepted);
        cmo.post(approver, p, "approve").then().statusCode(200);
        cmo.post("nadia", p, "distribute").then().statusCode(200);
        Reference.assertStatementsMatch(tenant, p, engine);
    }

    /** One filing: small amounts (ties), sometimes a loss, sometimes code missing from the mixture, usage or none. */
    private static Arbitrary<FilingFixture.Spec> filingSpec() {
        Arbitrary<Long> revenue = Arbitraries.oneOf(Arbitraries.longs().between(1, 1_000), Arbitraries.longs().between(1, 100_000_000));
        Arbitrary<Integer> costShare = Arbitraries.oneOf(Arbitraries.integers().between(0, 50), Arbitraries.just(101));
        Arbitrary<Map<String, String>> weights = Combinators.combine(Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 1_000_000), Arbitraries.of(true, false, false, false)).as((a, b, missing) -> {
                    int news = Math.min(a, b);
                    int code = Math.max(a, b) - news;
                    Map<String, String> m = new LinkedHashMap<>();
                    if (missing) {
                        m.put("news", rate(1_000_000 - code));
                        m.put("other", rate(code));
                    } else {
                        m.put("news", rate(news));
                        m.put("code", rate(code));
                        m.put("other", rate(1_000_000 - news - code));
                    }
                    return m;
                });
        Arbitrary<String> share = Arbitraries.integers().between(100_000, 600_000).map(RunAgreementTest::rate);
        return Combinators.combine(revenue, costShare, weights, share, usage("news"), usage("code")).as((rev, cost, w, sh, news, code) -> {
            long serving = cost > 100 ? rev + 1 : rev * cost / 100; // above 100%: a loss
            List<Filings.Line> lines = new ArrayList<>(news);
            lines.addAll(code);
            return new FilingFixture.Spec("model", rev, serving, 0, sh, w, lines);
        });
    }

    /** A category's lines: none (its net to suspense), all of 1 unit (ties), or spread units; refs may repeat. */
    private static Arbitrary<List<Filings.Line>> usage(String category) {
        Arbitrary<String> ref = Arbitraries.of(AWKWARD);
        Arbitrary<List<Filings.Line>> ones = ref.list().ofMinSize(1).ofMaxSize(12)
                .map(refs -> refs.stream().map(r -> new Filings.Line(category, r, 1)).toList());
        Arbitrary<List<Filings.Line>> spread = Combinators.combine(ref, Arbitraries.longs().between(1, 5))
                .as((r, u) -> new Filings.Line(category, r, u)).list().ofMinSize(1).ofMaxSize(12);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<Filings.Line>of())),
                net.jqwik.api.Tuple.of(2, ones), net.jqwik.api.Tuple.of(3, spread));
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
