package org.cmoportal.period;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
 * A period's usage lines as they stream from the database, {@code (filing, category, ref, units)} in COPY's text
 * format, one filing after another (its categories in any order): when a filing's lines end, each of the CMO's
 * categories is computed by the engine ({@link FilingCalculator#distribute}), its run lines written out in COPY's
 * text format ({@code filing_id, category_key, member_ref, matched, units, category_units, amount}), in code point
 * order of ref, and its run_category row and totals kept. Holds one filing at a time. No database: {@link RunCalculator}
 * feeds it and stores what it wrote.
 *
 * <p>Each (filing, category) with usage is one <em>group</em> of the output, whose place is kept
 * ({@link #groups}), so that {@link RunLineMerge} can merge the groups into one order of ref afterwards. The lines of
 * categories without usage (no ref; the whole net to suspense) are kept apart, in {@link #unreferenced}.
 */
final class RunStream {

    /** The CMO's fee and its categories with their rule. */
    record Terms(Rate feeRate, Map<String, DistributionRule> rules) {
    }

    /**
     * Who is a member, as the run matches refs: a ref a confirmed claim made a member's alias (V18's member_alias)
     * stands for that member, matched; the engine adds up lines of the same ref, so the alias's units join the member's
     * before allocation, one key per member (economics.md, "Suspense: claims and ageing").
     */
    record Members(Set<String> refs, Map<String, String> aliases) {
    }

    /** An accepted filing: what the builder owes and its step-2 amount of each of the CMO's categories. */
    static final class Filing {
        final long id;
        final long tenantGross;
        final Map<String, Long> amounts = new TreeMap<>();
        private long distributedAmount;
        private boolean read;

        Filing(long id, long tenantGross) {
            this.id = id;
            this.tenantGross = tenantGross;
        }
    }

    /** Where a group's lines are in the output: bytes [start, end), in code point order of ref. */
    record Group(long start, long end) {
    }

    private final Terms terms;
    private final Members members;
    private final Map<Long, Filing> filings;
    private final CopyText.Writer lines;
    private final CopyText.Row row = new CopyText.Row(4);
    /** The current filing's usage by category; the columns are reused from filing to filing. */
    private final Map<String, CategoryUsage> usage = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private Filing filing;
    private byte[] categoryBytes;
    private CategoryUsage column;

    final List<byte[]> categories = new ArrayList<>();
    final List<Group> groups = new ArrayList<>();
    final List<byte[]> unreferenced = new ArrayList<>();
    long gross;
    long fees;
    long paid;
    long suspense;
    long lineCount;

    /** @param filings the period's accepted filings by id */
    RunStream(Terms terms, Members members, Map<Long, Filing> filings, CopyText.Writer lines) {
        this.terms = terms;
        this.members = members;
        this.filings = new LinkedHashMap<>(filings);
        this.lines = lines;
    }

    /** One usage line; the lines of a filing come together. */
    void accept(byte[] bytes) throws IOException {
        row.of(bytes);
        long f = row.number(0);
        if (filing == null || f != filing.id) {
            endFiling();
            filing = filings.get(f);
            if (filing == null) {
                throw new IllegalStateException("usage of filing " + f + ", which is not an accepted filing of the period");
            }
            if (filing.read) {
                throw new IllegalStateException("the usage of filing " + f + " did not come together");
            }
            filing.read = true;
        }
        if (!row.is(1, categoryBytes)) {
            String category = row.text(1);
            if (!terms.rules().containsKey(category)) {
                throw DomainException.conflict("foreign-usage", "Filing " + f + " reports usage in category '" + category
                        + "', which this CMO does not administer; reject that filing and calculate again.");
            }
            categoryBytes = row.raw(1);
            column = usage.computeIfAbsent(category, c -> new CategoryUsage(64 * 1024));
            used.add(category);
        }
        String ref = row.text(2);
        String member = members.aliases().get(ref);
        if (member != null) {
            column.add(member, row.number(3), true);
        } else {
            column.add(ref, row.number(3), members.refs().contains(ref));
        }
    }

    /** The current filing, each of the CMO's categories in key order (those without usage: their whole net to suspense). */
    private void endFiling() throws IOException {
        if (filing == null) {
            return;
        }
        CategoryUsage none = new CategoryUsage(0);
        for (String c : terms.rules().keySet()) {
            CategoryUsage u = used.contains(c) ? usage.get(c) : none;
            distribute(filing, c, u);
            u.clear();
        }
        used.clear();
        categoryBytes = null;
        column = null;
        filing = null;
    }

    /**
     * After the last line: the last filing, then each accepted filing without any usage, then the check that each
     * filing's categories add up to what it owes.
     */
    void finish() throws IOException {
        endFiling();
        for (Filing f : filings.values()) {
            if (!f.read) {
                f.read = true;
                filing = f;
                endFiling();
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
        f.distributedAmount = Math.addExact(f.distributedAmount, d.amount());
        gross = Math.addExact(gross, d.amount());
        fees = Math.addExact(fees, d.fee());
        paid = Math.addExact(paid, d.paid());
        suspense = Math.addExact(suspense, d.unmatchedSuspense() + d.categorySuspense());
        categories.add((f.id + "\t" + c + "\t" + d.rule().name() + "\t" + d.amount() + "\t" + d.fee() + "\t" + d.net() + "\t"
                + d.categoryUnits() + "\t" + d.payoutCount() + "\t" + d.roundingLeftover()).getBytes(StandardCharsets.UTF_8));
        String prefix = f.id + "\t" + c + "\t";
        if (!d.hasUsage()) {
            unreferenced.add((prefix + "\\N\tf\t0\t0\t" + d.net() + "\n").getBytes(StandardCharsets.UTF_8));
            lineCount++;
            return;
        }
        byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        long start = lines.position();
        long categoryUnits = d.categoryUnits();
        for (int i = 0; i < d.payoutCount(); i++) {
            lines.raw(prefixBytes).text(d.ref(i)).tab().bool(d.matched(i)).tab().number(d.units(i)).tab().number(categoryUnits)
                    .tab().number(d.payout(i)).end();
        }
        groups.add(new Group(start, lines.position()));
        lineCount += d.payoutCount();
    }
}
