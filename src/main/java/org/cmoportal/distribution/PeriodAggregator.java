package org.cmoportal.distribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.cmoportal.money.CodePointOrder;

/** Adds up a period's accepted filings into member statements, fees and suspense. */
public final class PeriodAggregator {

    private PeriodAggregator() {
    }

    /**
     * @param filings the period's accepted filings, in any order (ordered here by builder, model, filing id)
     * @throws CalculationInputException if a filing id appears twice
     */
    public static PeriodDistribution aggregate(List<AcceptedFiling> filings) {
        List<AcceptedFiling> sorted = new ArrayList<>(filings);
        Set<String> ids = new HashSet<>();
        for (AcceptedFiling f : sorted) {
            if (!ids.add(f.filingId())) {
                throw new CalculationInputException("filing " + f.filingId(), "appears twice in the period");
            }
        }
        sorted.sort(Comparator.comparing(AcceptedFiling::builder, CodePointOrder.INSTANCE)
                .thenComparing(AcceptedFiling::model, CodePointOrder.INSTANCE)
                .thenComparing(AcceptedFiling::filingId, CodePointOrder.INSTANCE));

        // Each (filing, category) lists its refs in code point order: merge those runs into one ref-ordered list.
        List<Run> runs = new ArrayList<>();
        int lineCount = 0;
        for (AcceptedFiling f : sorted) {
            for (CategoryDistribution d : f.calculation().distributions()) {
                Run run = new Run(runs.size(), f, d);
                lineCount += run.matchedCount;
                run.advance();
                runs.add(run);
            }
        }
        PriorityQueue<Run> queue = new PriorityQueue<>(Math.max(1, runs.size()), (a, b) -> {
            int c = CodePointOrder.compareStrings(a.currentRef(), b.currentRef());
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });
        for (Run run : runs) {
            if (run.position < run.distribution.payoutCount()) {
                queue.add(run);
            }
        }
        int[] lineRun = new int[lineCount];
        int[] linePosition = new int[lineCount];
        int k = 0;
        while (!queue.isEmpty()) {
            Run run = queue.poll();
            lineRun[k] = run.order;
            linePosition[k] = run.position;
            k++;
            if (run.advance()) {
                queue.add(run);
            }
        }
        return new PeriodDistribution(sorted, runs, lineRun, linePosition);
    }

    /** A cursor over the matched refs of one (filing, category). */
    static final class Run {
        final int order;
        final AcceptedFiling filing;
        final CategoryDistribution distribution;
        final int matchedCount;
        int position = -1;

        Run(int order, AcceptedFiling filing, CategoryDistribution distribution) {
            this.order = order;
            this.filing = filing;
            this.distribution = distribution;
            int m = 0;
            for (int i = 0; i < distribution.payoutCount(); i++) {
                if (distribution.matched(i)) {
                    m++;
                }
            }
            this.matchedCount = m;
        }

        /** Moves to the next matched ref; false when there is none. */
        boolean advance() {
            do {
                position++;
            } while (position < distribution.payoutCount() && !distribution.matched(position));
            return position < distribution.payoutCount();
        }

        String currentRef() {
            return distribution.ref(position);
        }
    }
}
