package org.cmoportal.period;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.CategoryUsage;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.error.DomainException;
import org.cmoportal.money.Rate;

/**
 * A period's usage lines as they stream from the database, {@code (filing, category, ref, units, matched)} in COPY's
 * text format, grouped by filing and category: each group is computed by the engine
 * ({@link FilingCalculator#distribute}) when the next begins, its run lines written out in COPY's text format
 * ({@code filing_id, category_key, member_ref, matched, units, category_units, amount}) and its run_category row
 * and totals kept. Holds one group at a time. No database: {@link RunCalculator} feeds it and stores what it wrote.
 */
final class RunStream {

    /** The CMO's fee and its categories with their rule. */
    record Terms(Rate feeRate, Map<String, DistributionRule> rules) {
    }

    /** An accepted filing: what the builder owes and its step-2 amount of each of the CMO's categories. */
    static final class Filing {
        final long id;
        final long tenantGross;
        final Map<String, Long> amounts = new TreeMap<>();
        private final Set<String> distributed = new HashSet<>();
        private long distributedAmount;

        Filing(long id, long tenantGross) {
            this.id = id;
            this.tenantGross = tenantGross;
        }
    }

    private final Terms terms;
    private final Map<Long, Filing> filings;
    private final CopyText.Writer lines;
    private final CopyText.Row row = new CopyText.Row(5);
    private final CategoryUsage column = new CategoryUsage(64 * 1024);
    private Filing filing;
    private byte[] categoryBytes;
    private String category;

    final List<byte[]> categories = new ArrayList<>();
    long gross;
    long fees;
    long paid;
    long suspense;
    long lineCount;

    /** @param filings the period's accepted filings by id */
    RunStream(Terms terms, Map<Long, Filing> filings, CopyText.Writer lines) {
        this.terms = terms;
        this.filings = new LinkedHashMap<>(filings);
        this.lines = lines;
    }

    /** One usage line; the lines of a (filing, category) come together. */
    void accept(byte[] bytes) throws IOException {
        row.of(bytes);
        long f = row.number(0);
        if (filing == null || f != filing.id || !row.is(1, categoryBytes)) {
            if (category != null) {
                distribute(filing, category, column);
            }
            filing = filings.get(f);
            if (filing == null) {
                throw new IllegalStateException("usage of filing " + f + ", which is not an accepted filing of the period");
            }
            categoryBytes = row.raw(1);
            category = row.text(1);
            if (!terms.rules().containsKey(category)) {
                throw DomainException.conflict("foreign-usage", "Filing " + f + " reports usage in category '" + category
                        + "', which this CMO does not administer; reject that filing and calculate again.");
            }
            if (filing.distributed.contains(category)) {
                throw new IllegalStateException("the usage of filing " + f + " in " + category + " did not come together");
            }
        }
        column.add(row.text(2), row.number(3), row.bool(4));
    }

    /**
     * After the last line: the last group, then each administered category without usage in a filing (its whole net
     * to suspense), then the check that each filing's categories add up to what it owes.
     */
    void finish() throws IOException {
        if (category != null) {
            distribute(filing, category, column);
            category = null;
        }
        CategoryUsage none = new CategoryUsage(0);
        for (Filing f : filings.values()) {
            for (String c : terms.rules().keySet()) {
                if (!f.distributed.contains(c)) {
                    distribute(f, c, none);
                }
            }
        }
        lines.flush();
        for (Filing f : filings.values()) {
            if (f.tenantGross != f.distributedAmount) {
                throw DomainException.conflict("figures-disagree", "Filing " + f.id + " states a tenant gross of " + f.tenantGross
                        + " minor units but its administered categories add up to " + f.distributedAmount
                        + "; reject the filing and ask the builder to file again.");
            }
        }
    }

    /** One (filing, category) by the engine; its lines written, its run_category row and totals kept. */
    private void distribute(Filing f, String c, CategoryUsage usage) throws IOException {
        CategoryDistribution d = FilingCalculator.distribute(c, terms.rules().get(c), f.amounts.getOrDefault(c, 0L),
                terms.feeRate(), usage);
        d.verifyInvariants();
        usage.clear();
        f.distributed.add(c);
        f.distributedAmount = Math.addExact(f.distributedAmount, d.amount());
        gross = Math.addExact(gross, d.amount());
        fees = Math.addExact(fees, d.fee());
        paid = Math.addExact(paid, d.paid());
        suspense = Math.addExact(suspense, d.unmatchedSuspense() + d.categorySuspense());
        categories.add((f.id + "\t" + c + "\t" + d.rule().name() + "\t" + d.amount() + "\t" + d.fee() + "\t" + d.net() + "\t"
                + d.categoryUnits() + "\t" + d.payoutCount()).getBytes(StandardCharsets.UTF_8));
        byte[] prefix = (f.id + "\t" + c + "\t").getBytes(StandardCharsets.UTF_8);
        if (!d.hasUsage()) {
            lines.raw(prefix).nul().tab().bool(false).tab().number(0).tab().number(0).tab().number(d.net()).end();
            lineCount++;
            return;
        }
        long categoryUnits = d.categoryUnits();
        for (int i = 0; i < d.payoutCount(); i++) {
            lines.raw(prefix).text(d.ref(i)).tab().bool(d.matched(i)).tab().number(d.units(i)).tab().number(categoryUnits)
                    .tab().number(d.payout(i)).end();
        }
        lineCount += d.payoutCount();
    }
}
