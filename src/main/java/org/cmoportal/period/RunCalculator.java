package org.cmoportal.period;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.CategoryUsage;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.error.DomainException;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantSql;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Step 3 of economics.md for a whole period, by the engine: the accepted filings' usage is read as one stream in
 * order of filing, category and ref ({@code COPY ... TO STDOUT}, each ref already matched against the members), and
 * each (filing, category) is computed by {@link FilingCalculator#distribute} as it ends, on the code path that
 * computes a filing's preview. The run's categories and lines go back with {@code COPY ... FROM STDIN}.
 *
 * <p>Memory holds one (filing, category) at a time, never the period. One connection cannot read a COPY and write
 * another at once, so the lines wait in a temporary file (COPY's text format, deleted at the end) until the read
 * is done, and are then sent in one COPY. PostgreSQL refuses COPY FROM into a table under row-level security, so
 * that COPY goes into temporary tables of the transaction ({@code ON COMMIT DROP}), from which one INSERT each
 * writes {@code run_category} and {@code run_line} in the tenant, and the refs' totals into {@code run_ref}.
 * Everything is in the caller's transaction: a failure anywhere leaves nothing. The category amounts are the
 * filing's own step-2 split, as the intake stored them.
 */
@ApplicationScoped
public class RunCalculator {

    static final List<String> LINE_COLUMNS = List.of("filing_id", "category_key", "member_ref", "matched", "units",
            "category_units", "amount");
    static final List<String> CATEGORY_COLUMNS = List.of("filing_id", "category_key", "rule", "amount", "fee", "net", "units",
            "refs");

    @Inject
    TenantSql sql;

    @Inject
    RunProgress progress;

    /** Writes the run's categories, lines, member totals and its totals in the entered tenant, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void compute(long runId, long periodId) {
        // the usage stream's sort: in memory, not in files, where it fits (this transaction only)
        sql.sql("SELECT set_config('work_mem', '192MB', true)").execute();
        Terms terms = terms();
        Map<Long, Filing> filings = filings(periodId, terms);
        Path spool;
        try {
            spool = Files.createTempFile("cmo-run-" + runId + "-", ".copy");
        } catch (IOException e) {
            throw new UncheckedIOException("no room for the run's lines in a temporary file", e);
        }
        try (TenantSql.Jdbc jdbc = sql.jdbc()) {
            Totals totals = new Totals();
            long start = System.nanoTime();
            try (OutputStream file = Files.newOutputStream(spool)) {
                CopyText.Writer lines = new CopyText.Writer(file);
                readAndDistribute(jdbc, periodId, terms, filings, totals, lines);
                distributeUnused(terms, filings, totals, lines);
                lines.flush();
            }
            progress.phase(runId, "usage read and distributed", totals.lines, System.nanoTime() - start);
            refuseDisagreeingGross(filings);

            start = System.nanoTime();
            jdbc.sql("""
                    CREATE TEMP TABLE run_category_staging (filing_id bigint, category_key text, rule text, amount bigint,
                        fee bigint, net bigint, units bigint, refs bigint) ON COMMIT DROP""").execute();
            jdbc.sql("""
                    CREATE TEMP TABLE run_line_staging (filing_id bigint, category_key text, member_ref text, matched boolean,
                        units bigint, category_units bigint, amount bigint) ON COMMIT DROP""").execute();
            try (CopyStream out = new CopyStream(jdbc.copyIn("run_category_staging", CATEGORY_COLUMNS), "run_category")) {
                CopyText.Writer w = new CopyText.Writer(out);
                for (byte[] row : totals.categories) {
                    w.raw(row).end();
                }
                w.flush();
                out.finish();
            }
            try (CopyStream out = new CopyStream(jdbc.copyIn("run_line_staging", LINE_COLUMNS), "run_line");
                    InputStream in = Files.newInputStream(spool)) {
                byte[] buffer = new byte[CopyText.Writer.BATCH];
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    out.write(buffer, 0, n);
                }
                out.finish();
            }
            progress.phase(runId, "run lines copied", totals.lines, System.nanoTime() - start);

            start = System.nanoTime();
            jdbc.sql("""
                    INSERT INTO run_category (run_id, tenant_id, filing_id, category_key, rule, amount, fee, net, units, refs)
                    SELECT :run, :tenant, filing_id, category_key, rule, amount, fee, net, units, refs FROM run_category_staging""")
                    .bind("run", runId).update();
            long lines = jdbc.sql("""
                    INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount)
                    SELECT :run, :tenant, filing_id, category_key, member_ref, matched, units, category_units, amount
                      FROM run_line_staging""").bind("run", runId).update();
            if (lines != totals.lines) {
                throw new IllegalStateException("run " + runId + ": " + totals.lines + " lines computed but " + lines + " written");
            }
            progress.phase(runId, "run lines written", lines, System.nanoTime() - start);

            start = System.nanoTime();
            // Each ref's total over its lines: a sum of the stored amounts (the run's statements and suspense by ref).
            long refs = jdbc.sql("""
                    INSERT INTO run_ref (run_id, tenant_id, member_ref, matched, total)
                    SELECT :run, :tenant, member_ref, matched, sum(amount) FROM run_line_staging
                     WHERE member_ref IS NOT NULL GROUP BY member_ref, matched""").bind("run", runId).update();
            progress.phase(runId, "ref totals written", refs, System.nanoTime() - start);
            // The table's check (tenant_gross = fees + paid + suspense) holds the run to the invariant once more.
            jdbc.sql("""
                    UPDATE distribution_run SET tenant_gross = :gross, fees = :fees, filings = :filings, paid = :paid,
                           suspense = :suspense, lines = :lines
                     WHERE tenant_id = :tenant AND id = :run""")
                    .bind("gross", totals.gross).bind("fees", totals.fees).bind("filings", filings.size())
                    .bind("paid", totals.paid).bind("suspense", totals.suspense).bind("lines", totals.lines)
                    .bind("run", runId).update();
        } catch (IOException e) {
            throw new UncheckedIOException("the run's lines could not be written", e);
        } catch (SQLException e) {
            throw new PersistenceException("the run's lines could not be written: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                // the file is in the temporary folder, which the system empties; the run's outcome stands
            }
        }
    }

    /** The stream of usage lines: one (filing, category) after another, each in code point order of ref. */
    private void readAndDistribute(TenantSql.Jdbc jdbc, long periodId, Terms terms, Map<Long, Filing> filings, Totals totals,
            CopyText.Writer lines) throws SQLException, IOException {
        CopyOut copy = jdbc.copyOut("""
                SELECT u.filing_id, u.category_key, u.member_ref, u.units, m.ref IS NOT NULL
                  FROM filing_usage u
                  JOIN filing f ON f.tenant_id = u.tenant_id AND f.id = u.filing_id
                  LEFT JOIN member m ON m.tenant_id = u.tenant_id AND m.ref = u.member_ref
                 WHERE u.tenant_id = :tenant AND f.period_id = :period AND f.status = 'ACCEPTED'
                 ORDER BY u.filing_id, u.category_key COLLATE "C", u.member_ref COLLATE "C\"""", Map.of("period", periodId));
        try {
            CopyText.Row row = new CopyText.Row(5);
            CategoryUsage column = new CategoryUsage(64 * 1024);
            long filingId = -1;
            byte[] categoryBytes = null;
            String category = null;
            for (byte[] bytes; (bytes = copy.readFromCopy()) != null; ) {
                row.of(bytes);
                long f = row.number(0);
                if (f != filingId || !row.is(1, categoryBytes)) {
                    if (category != null) {
                        distribute(filings.get(filingId), category, terms, column, totals, lines);
                    }
                    filingId = f;
                    categoryBytes = row.raw(1);
                    category = row.text(1);
                    if (!terms.rules.containsKey(category)) {
                        throw DomainException.conflict("foreign-usage", "Filing " + filingId + " reports usage in category '"
                                + category + "', which this CMO does not administer; reject that filing and calculate again.");
                    }
                }
                column.add(row.text(2), row.number(3), row.bool(4));
            }
            if (category != null) {
                distribute(filings.get(filingId), category, terms, column, totals, lines);
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** An administered category without usage in a filing: its whole net goes to suspense for the category. */
    private void distributeUnused(Terms terms, Map<Long, Filing> filings, Totals totals, CopyText.Writer lines) throws IOException {
        CategoryUsage none = new CategoryUsage(0);
        for (Filing filing : filings.values()) {
            for (String category : terms.rules.keySet()) {
                if (!filing.distributed.contains(category)) {
                    distribute(filing, category, terms, none, totals, lines);
                }
            }
        }
    }

    /** One (filing, category) by the engine; its lines to the file, its run_category row and totals kept. */
    private void distribute(Filing filing, String category, Terms terms, CategoryUsage column, Totals totals,
            CopyText.Writer lines) throws IOException {
        long amount = filing.amounts.getOrDefault(category, 0L);
        CategoryDistribution d = FilingCalculator.distribute(category, terms.rules.get(category), amount, terms.feeRate, column);
        d.verifyInvariants();
        column.clear();
        filing.distributed.add(category);
        filing.distributedAmount += d.amount();
        totals.add(filing.id, d, lines);
    }

    /** What the builder owes (the filing's tenant gross) must be what the run distributes. */
    private static void refuseDisagreeingGross(Map<Long, Filing> filings) {
        for (Filing f : filings.values()) {
            if (f.tenantGross != f.distributedAmount) {
                throw DomainException.conflict("figures-disagree", "Filing " + f.id + " states a tenant gross of " + f.tenantGross
                        + " minor units but its administered categories add up to " + f.distributedAmount
                        + "; reject the filing and ask the builder to file again.");
            }
        }
    }

    private Terms terms() {
        Rate fee = sql.sql("SELECT admin_fee_rate FROM tenant WHERE id = :tenant")
                .single(r -> Rate.ofMillionths(r.getBigDecimal(1).movePointRight(6).longValueExact()));
        Map<String, DistributionRule> rules = new TreeMap<>();
        sql.sql("SELECT key, rule FROM category WHERE tenant_id = :tenant ORDER BY key COLLATE \"C\"")
                .list(r -> rules.put(r.getString(1), DistributionRule.valueOf(r.getString(2))));
        return new Terms(fee, rules);
    }

    /** The accepted filings in order of id, each with its stored tenant gross and step-2 amounts of the CMO's categories. */
    private Map<Long, Filing> filings(long periodId, Terms terms) {
        Map<Long, Filing> filings = new LinkedHashMap<>();
        sql.sql("""
                SELECT f.id, f.tenant_gross, fc.category_key, fc.amount
                  FROM filing f
                  LEFT JOIN filing_category fc ON fc.tenant_id = f.tenant_id AND fc.filing_id = f.id
                 WHERE f.tenant_id = :tenant AND f.period_id = :period AND f.status = 'ACCEPTED'
                 ORDER BY f.id""").bind("period", periodId).list(r -> {
            Filing f = filings.computeIfAbsent(r.getLong(1), id -> new Filing(id, 0));
            f.tenantGross = r.getLong(2);
            String category = r.getString(3);
            if (category != null && terms.rules.containsKey(category)) {
                f.amounts.put(category, r.getLong(4));
            }
            return f;
        });
        return filings;
    }

    private record Terms(Rate feeRate, Map<String, DistributionRule> rules) {
    }

    private static final class Filing {
        final long id;
        long tenantGross;
        final Map<String, Long> amounts = new TreeMap<>();
        final java.util.Set<String> distributed = new java.util.HashSet<>();
        long distributedAmount;

        Filing(long id, long tenantGross) {
            this.id = id;
            this.tenantGross = tenantGross;
        }
    }

    /** The run's totals, summed from the engine's figures, and its run_category rows (a handful per filing). */
    private static final class Totals {
        final List<byte[]> categories = new ArrayList<>();
        long gross;
        long fees;
        long paid;
        long suspense;
        long lines;

        void add(long filingId, CategoryDistribution d, CopyText.Writer out) throws IOException {
            gross = Math.addExact(gross, d.amount());
            fees = Math.addExact(fees, d.fee());
            paid = Math.addExact(paid, d.paid());
            suspense = Math.addExact(suspense, d.unmatchedSuspense() + d.categorySuspense());
            categories.add((filingId + "\t" + d.category() + "\t" + d.rule().name() + "\t" + d.amount() + "\t" + d.fee() + "\t"
                    + d.net() + "\t" + d.categoryUnits() + "\t" + d.payoutCount()).getBytes(StandardCharsets.UTF_8));
            byte[] prefix = (filingId + "\t" + d.category() + "\t").getBytes(StandardCharsets.UTF_8);
            if (!d.hasUsage()) {
                out.raw(prefix).nul().tab().bool(false).tab().number(0).tab().number(0).tab().number(d.net()).end();
                lines++;
                return;
            }
            long categoryUnits = d.categoryUnits();
            for (int i = 0; i < d.payoutCount(); i++) {
                out.raw(prefix).text(d.ref(i)).tab().bool(d.matched(i)).tab().number(d.units(i)).tab().number(categoryUnits)
                        .tab().number(d.payout(i)).end();
            }
            lines += d.payoutCount();
        }
    }

    /** COPY data to the database in the writer's batches, telling {@link RunProgress} after each. */
    private final class CopyStream extends OutputStream {
        private final CopyIn copy;
        private final String table;
        private int batches;

        CopyStream(CopyIn copy, String table) {
            this.copy = copy;
            this.table = table;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                copy.writeToCopy(b, off, len);
            } catch (SQLException e) {
                throw new IOException("COPY into " + table + " failed: " + e.getMessage(), e);
            }
            progress.batch(table, ++batches);
        }

        void finish() throws SQLException {
            copy.endCopy();
        }

        /** Abandons an unfinished COPY (a failure part-way); the transaction's rollback does the rest. */
        @Override
        public void close() throws IOException {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    throw new IOException("could not abandon the COPY into " + table, e);
                }
            }
        }
    }
}
