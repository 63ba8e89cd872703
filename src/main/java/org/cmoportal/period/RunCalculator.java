package org.cmoportal.period;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantSql;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Step 3 of economics.md for a whole period, by the engine: the accepted filings' usage is read as one stream in
 * order of filing and category ({@code COPY ... TO STDOUT}, each ref already matched against the members), and
 * each (filing, category) is computed by {@link FilingCalculator#distribute} as it ends, on the code path that
 * computes a filing's preview ({@link RunStream}). The run's categories and lines go back by {@code COPY ... FROM STDIN}.
 *
 * <p>Memory holds one (filing, category) at a time, never the period. One connection cannot read a COPY and write
 * another at once, so the lines wait in a temporary file (COPY's text format, deleted at the end) until the read
 * is done, and are then sent in one COPY, into a table of the run's own that the owner makes for it in this
 * transaction with no index ({@code run_lines_open}), indexed and attached to the period's partition of
 * {@code run_line} after the load ({@code run_lines_close}, V38): an index built once over the loaded lines costs a
 * fraction of one kept up to date line by line. PostgreSQL refuses COPY FROM into a table under row-level security,
 * so the run's categories go into a temporary table of the transaction ({@code ON COMMIT DROP}), from which one INSERT
 * writes {@code run_category} in the tenant; the refs' totals are summed from the attached lines into {@code run_ref}.
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
        // The usage stream's sort in memory, not in files, where it fits; and no JIT compilation: the run's fresh rows have
        // no statistics, and their guessed costs would have each bulk statement compiled first (this transaction only).
        sql.sql("SELECT set_config('work_mem', '192MB', true), set_config('jit', 'off', true)").execute();
        RunStream.Terms terms = terms();
        Map<Long, RunStream.Filing> filings = filings(periodId, terms);
        Path spool;
        try {
            spool = Files.createTempFile("cmo-run-" + runId + "-", ".copy");
        } catch (IOException e) {
            throw new UncheckedIOException("no room for the run's lines in a temporary file", e);
        }
        try (TenantSql.Jdbc jdbc = sql.jdbc()) {
            long start = System.nanoTime();
            RunStream stream;
            try (OutputStream file = Files.newOutputStream(spool)) {
                stream = new RunStream(terms, filings, new CopyText.Writer(file));
                read(jdbc, runId, periodId, stream);
                stream.finish();
            }
            progress.phase(runId, "usage read and distributed", stream.lineCount, System.nanoTime() - start);

            start = System.nanoTime();
            jdbc.sql("""
                    CREATE TEMP TABLE run_category_staging (filing_id bigint, category_key text, rule text, amount bigint,
                        fee bigint, net bigint, units bigint, refs bigint) ON COMMIT DROP""").execute();
            try (CopyStream out = new CopyStream(jdbc.copyIn("run_category_staging", CATEGORY_COLUMNS), "run_category")) {
                CopyText.Writer w = new CopyText.Writer(out);
                for (byte[] row : stream.categories) {
                    w.raw(row).end();
                }
                w.flush();
                out.finish();
            }
            progress.phase(runId, "run categories copied", stream.categories.size(), System.nanoTime() - start);
            start = System.nanoTime();
            // The run's lines go into a table of their own, made by the owner for this run and new in this transaction,
            // with no index: COPY writes the heap alone (FREEZE: no later pass over the rows), and the indexes are
            // built after, each in one sorted pass, when run_lines_close attaches the table to the period's partition
            // of run_line (V38). A failure before the commit leaves no table behind.
            String table = jdbc.sql("SELECT run_lines_open(:run)").bind("run", runId).single(r -> r.getString(1));
            try (CopyStream out = new CopyStream(jdbc.copyInFresh(table, LINE_COLUMNS), "run_line");
                    InputStream in = Files.newInputStream(spool)) {
                byte[] buffer = new byte[CopyText.Writer.BATCH];
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    out.write(buffer, 0, n);
                }
                out.finish();
            }
            progress.phase(runId, "run lines copied", stream.lineCount, System.nanoTime() - start);

            start = System.nanoTime();
            jdbc.sql("""
                    INSERT INTO run_category (run_id, tenant_id, filing_id, category_key, rule, amount, fee, net, units, refs)
                    SELECT :run, :tenant, filing_id, category_key, rule, amount, fee, net, units, refs FROM run_category_staging""")
                    .bind("run", runId).update();
            progress.phase(runId, "run categories written", stream.categories.size(), System.nanoTime() - start);
            start = System.nanoTime();
            long lines = jdbc.sql("SELECT run_lines_close(:run)").bind("run", runId).single(r -> r.getLong(1));
            if (lines != stream.lineCount) {
                throw new IllegalStateException("run " + runId + ": " + stream.lineCount + " lines computed but " + lines + " written");
            }
            progress.phase(runId, "run lines indexed and attached", lines, System.nanoTime() - start);

            start = System.nanoTime();
            // Each ref's total over its lines: a sum of the stored amounts (the run's statements and suspense by ref),
            // in the order of run_ref's key, so that its index is written in one sweep.
            long refs = jdbc.sql("""
                    INSERT INTO run_ref (run_id, tenant_id, member_ref, matched, total)
                    SELECT :run, :tenant, member_ref, matched, sum(amount) FROM run_line
                     WHERE tenant_id = :tenant AND period_id = :period AND run_id = :run AND member_ref IS NOT NULL
                     GROUP BY member_ref, matched ORDER BY member_ref""").bind("run", runId).bind("period", periodId).update();
            progress.phase(runId, "ref totals written", refs, System.nanoTime() - start);
            // The table's check (tenant_gross = fees + paid + suspense) holds the run to the invariant once more.
            jdbc.sql("""
                    UPDATE distribution_run SET tenant_gross = :gross, fees = :fees, filings = :filings, paid = :paid,
                           suspense = :suspense, lines = :lines
                     WHERE tenant_id = :tenant AND id = :run""")
                    .bind("gross", stream.gross).bind("fees", stream.fees).bind("filings", filings.size())
                    .bind("paid", stream.paid).bind("suspense", stream.suspense).bind("lines", stream.lineCount)
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

    /**
     * The stream of usage lines: one (filing, category) after another. The engine puts each group's refs in code point
     * order itself, so the database only groups them: ordering the refs as well cost it twice the time of the sort.
     * A ref a confirmed claim made a member's alias (V18's member_alias) comes as that member's ref, matched: the engine
     * adds up lines of the same ref, so the alias's units join the member's before allocation, one key per member
     * (economics.md, "Suspense: claims and ageing").
     */
    private void read(TenantSql.Jdbc jdbc, long runId, long periodId, RunStream stream) throws SQLException, IOException {
        long start = System.nanoTime();
        CopyOut copy = jdbc.copyOut("""
                SELECT u.filing_id, u.category_key, coalesce(a.member_ref, u.member_ref), u.units,
                       a.member_ref IS NOT NULL OR m.ref IS NOT NULL
                  FROM filing_usage u
                  JOIN filing f ON f.tenant_id = u.tenant_id AND f.id = u.filing_id
                  LEFT JOIN member_alias a ON a.tenant_id = u.tenant_id AND a.alias_ref = u.member_ref
                  LEFT JOIN member m ON m.tenant_id = u.tenant_id AND m.ref = u.member_ref
                 WHERE u.tenant_id = :tenant AND u.period_id = :period AND f.period_id = :period AND f.status = 'ACCEPTED'
                 ORDER BY u.filing_id, u.category_key COLLATE "C\"""", Map.of("period", periodId));
        try {
            byte[] row = copy.readFromCopy();
            // the database joins and sorts the whole period before the first line comes
            progress.phase(runId, "usage stream opened", 0, System.nanoTime() - start);
            for (; row != null; row = copy.readFromCopy()) {
                stream.accept(row);
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private RunStream.Terms terms() {
        Rate fee = sql.sql("SELECT admin_fee_rate FROM tenant WHERE id = :tenant")
                .single(r -> Rate.ofMillionths(r.getBigDecimal(1).movePointRight(6).longValueExact()));
        Map<String, DistributionRule> rules = new TreeMap<>();
        sql.sql("SELECT key, rule FROM category WHERE tenant_id = :tenant ORDER BY key COLLATE \"C\"")
                .list(r -> rules.put(r.getString(1), DistributionRule.valueOf(r.getString(2))));
        return new RunStream.Terms(fee, rules);
    }

    /** The accepted filings in order of id, each with its stored tenant gross and step-2 amounts of the CMO's categories. */
    private Map<Long, RunStream.Filing> filings(long periodId, RunStream.Terms terms) {
        Map<Long, RunStream.Filing> filings = new LinkedHashMap<>();
        sql.sql("""
                SELECT f.id, f.tenant_gross, fc.category_key, fc.amount
                  FROM filing f
                  LEFT JOIN filing_category fc ON fc.tenant_id = f.tenant_id AND fc.filing_id = f.id
                 WHERE f.tenant_id = :tenant AND f.period_id = :period AND f.status = 'ACCEPTED'
                 ORDER BY f.id""").bind("period", periodId).list(r -> {
            long gross = r.getLong(2);
            RunStream.Filing f = filings.computeIfAbsent(r.getLong(1), id -> new RunStream.Filing(id, gross));
            String category = r.getString(3);
            if (category != null && terms.rules().containsKey(category)) {
                f.amounts.put(category, r.getLong(4));
            }
            return f;
        });
        return filings;
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
