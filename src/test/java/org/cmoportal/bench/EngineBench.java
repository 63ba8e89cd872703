package org.cmoportal.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import org.cmoportal.distribution.AcceptedFiling;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.PeriodAggregator;
import org.cmoportal.distribution.PeriodDistribution;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.money.Allocation;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;

/**
 * The economics engine's benchmark (not a test): a million-ref allocation and a period of 10 filings with a
 * million usage lines. Run it with bench/engine.sh; each case runs a few times and prints every time.
 */
public final class EngineBench {

    private static final int REFS = 1_000_000;
    private static final int RUNS = 5;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("period")) {
            workflowPeriod(args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 100_000);
            return;
        }
        Random random = new Random(42);
        String[] refs = new String[REFS];
        for (int i = 0; i < REFS; i++) {
            refs[i] = "member-" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36) + "-" + i;
        }
        long[] units = new long[REFS];
        for (int i = 0; i < REFS; i++) {
            units[i] = 1 + random.nextInt(100_000);
        }
        long[] ones = new long[REFS];
        Arrays.fill(ones, 1);
        String[] sortedRefs = refs.clone();
        Arrays.sort(sortedRefs, CodePointOrder.INSTANCE);
        long net = 5_062_500_00L + 7; // 5,062,500.07 USD in cents

        System.out.printf("Economics engine benchmark: java %s, %d cores, max heap %d MB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        time("allocate(net, 1,000,000 refs in key order, units 1..100000)",
                () -> Allocation.allocateInKeyOrder(net, units)[0]);
        time("allocate(net, 1,000,000 refs in key order, all weights 1 = all ties)",
                () -> Allocation.allocateInKeyOrder(net, ones)[0]);
        time("allocate(net, 1,000,000 unsorted keys, units 1..100000)",
                () -> Allocation.allocate(net, refs, units)[0]);
        time("allocate(net, 1,000,000 unsorted keys, all weights 1 = all ties)",
                () -> Allocation.allocate(net, refs, ones)[0]);

        TenantTerms terms = TenantTerms.of(Rate.parse("0.1"), Map.of("news", DistributionRule.PRO_RATA_UNITS,
                "code", DistributionRule.PRO_RATA_UNITS, "books", DistributionRule.EQUAL_SHARES));
        Set<String> members = new HashSet<>();
        for (int i = 0; i < REFS; i += 10) {
            for (int j = i; j < i + 9 && j < REFS; j++) {
                members.add(refs[j]); // 90% of refs are members, 10% go to suspense
            }
        }
        FilingFigures figures = new FilingFigures(125_000_000_00L, 40_000_000_00L, 10_000_000_00L, Rate.parse("0.3"),
                MixtureWeights.parse(Map.of("news", "0.25", "code", "0.4", "books", "0.15", "other", "0.2")));

        Usage oneCategory = usage(new Random(1), refs, REFS, new String[] {"news"});
        time("filing with 1,000,000 usage lines in one category (sort, add up, allocate, match)",
                () -> FilingCalculator.calculate(figures, terms, oneCategory, members).paid());

        List<Usage> usages = new ArrayList<>();
        Random r = new Random(2);
        for (int f = 0; f < 10; f++) {
            usages.add(usage(r, refs, REFS / 10, new String[] {"news", "code", "books"}));
        }
        time("period: 10 filings, 1,000,000 usage lines in all, calculate + aggregate + all statements", () -> {
            List<AcceptedFiling> accepted = new ArrayList<>();
            for (int f = 0; f < usages.size(); f++) {
                FilingCalculation c = FilingCalculator.calculate(figures, terms, usages.get(f), members);
                accepted.add(new AcceptedFiling("filing-" + f, "acme-ai", "model-" + f, c));
            }
            PeriodDistribution period = PeriodAggregator.aggregate(accepted);
            long lines = 0;
            for (var statement : period.statements()) {
                lines += statement.lines().size();
            }
            return lines + period.suspense();
        });
    }

    /**
     * The period of bench/workflow.sh, for its ratio: {@code filings} filings with one usage line for each of {@code refs}
     * refs (ref k in news, pro rata, when k mod 10 < 7, else in code, equal shares), 95% of the refs members,
     * the same figures and units as bench/workflow-seed.sql; calculate every filing, aggregate, build every statement.
     */
    private static void workflowPeriod(int filings, int refs) {
        String[] names = new String[refs];
        Set<String> members = new HashSet<>();
        for (int k = 1; k <= refs; k++) {
            names[k - 1] = String.format("m%07d", k);
            if (k <= refs - refs / 20) {
                members.add(names[k - 1]);
            }
        }
        TenantTerms terms = TenantTerms.of(Rate.parse("0.1"), Map.of("news", DistributionRule.PRO_RATA_UNITS,
                "code", DistributionRule.EQUAL_SHARES));
        List<FilingFigures> figures = new ArrayList<>();
        List<Usage> usages = new ArrayList<>();
        for (int f = 1; f <= filings; f++) {
            figures.add(new FilingFigures(100_000_000L * f + 12_345, 20_000_000L * f, 1_000_000L, Rate.parse("0.3"),
                    MixtureWeights.parse(Map.of("news", "0.25", "code", "0.4", "other", "0.35"))));
            Usage.Builder b = Usage.builder(refs);
            for (int k = 1; k <= refs; k++) {
                b.add(k % 10 < 7 ? "news" : "code", names[k - 1], 1 + (k * 7919L + f * 104729L) % 1000);
            }
            usages.add(b.build());
        }
        System.out.printf("Economics engine, the workflow bench's period: java %s, %d cores, max heap %d MB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        time(String.format("period: %d filings, %,d usage lines over %,d refs, calculate + aggregate + all statements",
                filings, (long) filings * refs, refs), () -> {
            List<AcceptedFiling> accepted = new ArrayList<>();
            for (int f = 0; f < filings; f++) {
                FilingCalculation c = FilingCalculator.calculate(figures.get(f), terms, usages.get(f), members);
                accepted.add(new AcceptedFiling("filing-" + f, "acme-ai", "model-" + f, c));
            }
            PeriodDistribution period = PeriodAggregator.aggregate(accepted);
            long lines = 0;
            for (var statement : period.statements()) {
                lines += statement.lines().size();
            }
            return lines + period.suspense();
        });
    }

    private static Usage usage(Random random, String[] refs, int lines, String[] categories) {
        Usage.Builder builder = Usage.builder(lines);
        for (int i = 0; i < lines; i++) {
            builder.add(categories[random.nextInt(categories.length)], refs[random.nextInt(refs.length)],
                    1 + random.nextInt(10_000));
        }
        return builder.build();
    }

    private static void time(String what, LongSupplier work) {
        long[] millis = new long[RUNS];
        long check = 0;
        for (int i = 0; i < RUNS; i++) {
            System.gc();
            long start = System.nanoTime();
            check += work.getAsLong();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%-100s first %5d ms, median %5d ms, best %5d ms (runs %s, check %d)%n", what, millis[0],
                sorted[RUNS / 2], sorted[0], Arrays.toString(millis), check);
    }
}
