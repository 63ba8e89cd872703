package org.cmoportal.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.Rate;

/** Generated filings for the property tests: small, but with the awkward values economics.md cares about. */
final class FilingCases {

    static final List<String> ALL_CATEGORIES = List.of("news", "code", "books", "other", "synthetic");
    static final List<String> ADMINISTRABLE = List.of("news", "code", "books");
    static final List<String> REFS = List.of("alice", "bob", "carol", "zed", "Zoë", "zoë", "\uE000x",
            new String(Character.toChars(0x1F600)));

    record Line(String category, String ref, long units) {
    }

    record Case(long revenue, long servingCost, long postTrainingCost, Rate share, Map<String, Rate> weights,
            Rate feeRate, Map<String, DistributionRule> administered, List<Line> lines, Set<String> members) {

        FilingFigures figures() {
            return new FilingFigures(revenue, servingCost, postTrainingCost, share, new MixtureWeights(weights));
        }

        TenantTerms terms() {
            return TenantTerms.of(feeRate, administered);
        }

        Usage usage() {
            Usage.Builder b = Usage.builder();
            lines.forEach(l -> b.add(l.category(), l.ref(), l.units()));
            return b.build();
        }

        FilingCalculation calculate() {
            return FilingCalculator.calculate(figures(), terms(), usage(), members);
        }
    }

    private FilingCases() {
    }

    static Arbitrary<Long> amounts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000), Arbitraries.longs().between(0, 100_000_000L),
                Arbitraries.longs().between(0, Amounts.MAX_MINOR_UNITS));
    }

    static Arbitrary<Rate> rates() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 200_000L, 500_000L, 999_999L, 1_000_000L),
                Arbitraries.longs().between(0, 1_000_000)).map(Rate::ofMillionths);
    }

    static Arbitrary<Map<String, Rate>> mixtures() {
        Arbitrary<List<String>> categories = Arbitraries.of(ALL_CATEGORIES).set().ofMinSize(1).ofMaxSize(5)
                .map(ArrayList::new);
        Arbitrary<List<Long>> cuts = Arbitraries.longs().between(0, 1_000_000).list().ofSize(4);
        return Combinators.combine(categories, cuts).as((cats, c) -> {
            List<Long> points = new ArrayList<>(c.subList(0, cats.size() - 1));
            points.add(0L);
            points.add(1_000_000L);
            points.sort(null);
            Map<String, Rate> weights = new LinkedHashMap<>();
            for (int i = 0; i < cats.size(); i++) {
                weights.put(cats.get(i), Rate.ofMillionths(points.get(i + 1) - points.get(i)));
            }
            return weights;
        });
    }

    static Arbitrary<Map<String, DistributionRule>> administered() {
        return Arbitraries.of(ADMINISTRABLE).set().ofMinSize(1).ofMaxSize(3)
                .flatMap(cats -> Arbitraries.of(DistributionRule.class).list().ofSize(cats.size()).map(rules -> {
                    Map<String, DistributionRule> m = new LinkedHashMap<>();
                    int i = 0;
                    for (String c : cats) {
                        m.put(c, rules.get(i++));
                    }
                    return m;
                }));
    }

    static Arbitrary<Long> units() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 4), Arbitraries.longs().between(1, 1_000_000_000_000L));
    }

    static Arbitrary<Case> cases() {
        Arbitrary<List<Line>> lineTemplates = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(REFS), units()).as((c, r, u) -> new Line(ADMINISTRABLE.get(c), r, u)).list().ofMaxSize(12);
        return Builders.withBuilder(CaseBuilder::new)
                .use(amounts()).in((b, v) -> { b.revenue = v; return b; })
                .use(amounts()).in((b, v) -> { b.serving = v; return b; })
                .use(amounts()).in((b, v) -> { b.postTraining = v; return b; })
                .use(rates()).in((b, v) -> { b.share = v; return b; })
                .use(mixtures()).in((b, v) -> { b.weights = v; return b; })
                .use(rates()).in((b, v) -> { b.fee = v; return b; })
                .use(administered()).in((b, v) -> { b.administered = v; return b; })
                .use(lineTemplates).in((b, v) -> { b.lines = v; return b; })
                .use(Arbitraries.of(REFS).set()).in((b, v) -> { b.members = v; return b; })
                .use(Arbitraries.of(true, false, false)).in((b, v) -> { b.profitable = v; return b; })
                .build(CaseBuilder::build);
    }

    /** Collects the generated parts; keeps usage to administered categories, and mostly makes a profit. */
    private static final class CaseBuilder {
        long revenue;
        long serving;
        long postTraining;
        Rate share;
        Map<String, Rate> weights;
        Rate fee;
        Map<String, DistributionRule> administered;
        List<Line> lines;
        Set<String> members;
        boolean profitable;

        Case build() {
            long costs = profitable ? 0 : serving;
            long post = profitable ? Math.min(postTraining, revenue / 3) : postTraining;
            List<Line> usage = new ArrayList<>();
            for (Line l : lines) {
                if (administered.containsKey(l.category())) {
                    usage.add(l);
                }
            }
            return new Case(revenue, costs, post, share, weights, fee, administered, usage, new LinkedHashSet<>(members));
        }
    }
}
