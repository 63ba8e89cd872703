package org.cmoportal.distribution;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cmoportal.money.CodePointOrder;

/**
 * A period's totals over its accepted filings: tenant gross, fees, paid, suspense by ref and by category, and
 * one statement per matched member ref. Built by {@link PeriodAggregator}; invariants checked on creation.
 */
public final class PeriodDistribution {

    private final List<AcceptedFiling> filings;
    private final List<PeriodAggregator.Run> runs;
    private final int[] lineRun;
    private final int[] linePosition;
    private final String[] memberRefs;
    private final int[] firstLine;
    private final long[] memberTotals;
    private final long tenantGross;
    private final long fees;
    private final long paid;
    private final Map<String, Long> suspenseByRef;
    private final Map<String, Long> suspenseByCategory;

    PeriodDistribution(List<AcceptedFiling> filings, List<PeriodAggregator.Run> runs, int[] lineRun, int[] linePosition) {
        this.filings = List.copyOf(filings);
        this.runs = runs;
        this.lineRun = lineRun;
        this.linePosition = linePosition;

        int lines = lineRun.length;
        String[] refs = new String[lines];
        int[] starts = new int[lines + 1];
        long[] totals = new long[lines];
        int members = 0;
        for (int i = 0; i < lines; i++) {
            String ref = refAt(i);
            if (members == 0 || !refs[members - 1].equals(ref)) {
                refs[members] = ref;
                starts[members] = i;
                members++;
            }
            totals[members - 1] = Math.addExact(totals[members - 1], amountAt(i));
        }
        starts[members] = lines;
        this.memberRefs = Arrays.copyOf(refs, members);
        this.firstLine = Arrays.copyOf(starts, members + 1);
        this.memberTotals = Arrays.copyOf(totals, members);

        long gross = 0;
        long feeSum = 0;
        long paidSum = 0;
        Map<String, Long> byRef = new TreeMap<>(CodePointOrder.INSTANCE);
        Map<String, Long> byCategory = new TreeMap<>(CodePointOrder.INSTANCE);
        for (AcceptedFiling f : this.filings) {
            FilingCalculation c = f.calculation();
            gross = Math.addExact(gross, c.tenantGross());
            feeSum = Math.addExact(feeSum, c.fees());
            paidSum = Math.addExact(paidSum, c.paid());
            c.suspenseByRef().forEach((ref, amount) -> byRef.merge(ref, amount, Math::addExact));
            c.suspenseByCategory().forEach((category, amount) -> byCategory.merge(category, amount, Math::addExact));
        }
        this.tenantGross = gross;
        this.fees = feeSum;
        this.paid = paidSum;
        this.suspenseByRef = Collections.unmodifiableMap(byRef);
        this.suspenseByCategory = Collections.unmodifiableMap(byCategory);
        verifyInvariants();
    }

    /** The accepted filings, ordered by builder, model and filing id. */
    public List<AcceptedFiling> filings() {
        return filings;
    }

    /** Sum of the filings' tenant gross. */
    public long tenantGross() {
        return tenantGross;
    }

    public long fees() {
        return fees;
    }

    /** Sum of all member statement totals. */
    public long paid() {
        return paid;
    }

    /** suspenseByRef + suspenseByCategory. */
    public long suspense() {
        long sum = 0;
        for (long v : suspenseByRef.values()) {
            sum = Math.addExact(sum, v);
        }
        for (long v : suspenseByCategory.values()) {
            sum = Math.addExact(sum, v);
        }
        return sum;
    }

    /** Shares of refs that matched no member, summed over filings and categories, in code point order. */
    public Map<String, Long> suspenseByRef() {
        return suspenseByRef;
    }

    /** Nets of categories that had no usage in a filing, summed over filings. */
    public Map<String, Long> suspenseByCategory() {
        return suspenseByCategory;
    }

    /** The matched member refs with at least one line, in code point order. */
    public List<String> memberRefs() {
        return Collections.unmodifiableList(Arrays.asList(memberRefs));
    }

    /** The statement of a ref; a ref with no lines gets total 0 and no lines. */
    public MemberStatement statement(String ref) {
        int m = Arrays.binarySearch(memberRefs, ref, CodePointOrder.INSTANCE);
        return m < 0 ? new MemberStatement(ref, 0, List.of()) : statementAt(m);
    }

    /** All statements in code point order of ref, built on demand. */
    public List<MemberStatement> statements() {
        return new AbstractList<>() {
            @Override
            public MemberStatement get(int index) {
                return statementAt(index);
            }

            @Override
            public int size() {
                return memberRefs.length;
            }
        };
    }

    /**
     * Checks that statements + suspense + fees = tenant gross of the accepted filings, and that every amount
     * is non-negative.
     *
     * @throws IllegalStateException naming the equation that does not hold
     */
    public void verifyInvariants() {
        long statements = 0;
        for (long total : memberTotals) {
            if (total < 0) {
                throw new IllegalStateException("a statement total is negative: " + total);
            }
            statements = Math.addExact(statements, total);
        }
        if (statements != paid) {
            throw new IllegalStateException("statement totals add up to " + statements + ", paid is " + paid);
        }
        long suspense = suspense();
        if (statements + suspense + fees != tenantGross) {
            throw new IllegalStateException("statements " + statements + " + suspense " + suspense + " + fees " + fees
                    + " != tenant gross " + tenantGross);
        }
    }

    private MemberStatement statementAt(int m) {
        List<StatementLine> lines = new ArrayList<>(firstLine[m + 1] - firstLine[m]);
        for (int i = firstLine[m]; i < firstLine[m + 1]; i++) {
            PeriodAggregator.Run run = runs.get(lineRun[i]);
            CategoryDistribution d = run.distribution;
            int p = linePosition[i];
            lines.add(new StatementLine(run.filing.filingId(), run.filing.builder(), run.filing.model(), d.category(),
                    d.rule(), d.units(p), d.categoryUnits(), d.payout(p)));
        }
        return new MemberStatement(memberRefs[m], memberTotals[m], Collections.unmodifiableList(lines));
    }

    private String refAt(int line) {
        return runs.get(lineRun[line]).distribution.ref(linePosition[line]);
    }

    private long amountAt(int line) {
        return runs.get(lineRun[line]).distribution.payout(linePosition[line]);
    }
}
