package org.cmoportal.period;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Step 3 of economics.md for a whole period, by the engine: the accepted filings' usage is read filing by filing
 * ({@code COPY ... TO STDOUT}, as stored: nothing joined or sorted in the database), each ref matched against the
 * tenant's members in memory, and each (filing, category) computed by {@link FilingCalculator#distribute} when its
 * filing ends, on the code path that computes a filing's preview ({@link RunStream}). The run's categories and lines go
 * back by {@code COPY ... FROM STDIN}.
 *
 * <p>Memory holds one filing's usage and the tenant's member refs, never the period's lines. One connection cannot read
 * a COPY and write another at once, so the lines wait in a temporary file (COPY's text format, deleted at the end)
 * until the read is done, each (filing, category) in order of ref; they are then merged into one order of ref
 * ({@link RunLineMerge}, which adds up each ref's total on the way) and sent in one COPY, into a table of the run's own
 * that the owner makes for it in this transaction with no index ({@code run_lines_open}), indexed and attached to the
 * period's partition of {@code run_line} after the load ({@code run_lines_close}, V38): an index built once over the
 * loaded lines costs a fraction of one kept up to date line by line. PostgreSQL refuses COPY FROM into a table under
 * row-level security, so the run's categories and the refs' totals go into temporary tables of the transaction
 * ({@code ON COMMIT DROP}), from which one INSERT each writes {@code run_category} and {@code run_ref} in the tenant.
 * Everything is in the caller's transaction: a failure anywhere leaves nothing. The category amounts are the filing's
 * own step-2 split, as the intake stored them.
 */
@ApplicationScoped
public class RunCalculator {

    static final List<String> LINE_COLUMNS = List.of("filing_id", "category_key", "member_ref", "matched", "units",
            "category_units", "amount", "id");
    static final List<String> CATEGORY_COLUMNS = List.of("filing_id", "category_key", "rule", "amount", "fee", "net", "units",
            "refs", "leftover");

    @Inject
    TenantSql sql;

    @Inject
    RunProgress progress;

    /** Writes the run's categories, lines, member totals and its totals in the entered tenant, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void compute(long runId, long periodId) {
        // No JIT compilation: the run's fresh rows have no statistics, and their guessed costs would have each bulk
        // statement compiled first (this transaction only).
        sql.sql("SELECT set_config('jit', 'off', true)").execute();
        RunStream.Terms terms = terms();
        Map<Long, RunStream.Filing> filings = filings(periodId, terms);
        Path spool;
        Path totalsSpool;
        try {
            spool = Files.createTempFile("cmo-run-" + runId + "-", ".copy");
            totalsSpool = Files.createTempFile("cmo-run-" + runId + "-refs-", ".copy");
        } catch (IOException e) {
            throw new UncheckedIOException("no room for the run's lines in a temporary file", e);
        }
        try (TenantSql.Jdbc jdbc = sql.jdbc()) {
            long start = System.nanoTime();
            RunStream.Members members = members(jdbc);
            progress.phase(runId, "members read", members.refs().size(), System.nanoTime() - start);
            RunStream stream;
            try (OutputStream file = Files.newOutputStream(spool)) {
                stream = new RunStream(terms, members, filings, new CopyText.Writer(file));
                read(jdbc, periodId, filings, stream);
                stream.finish();
            }
            progress.phase(runId, "usage read and distributed", stream.lineCount, System.nanoTime() - start);

            start = System.nanoTime();
            jdbc.sql("""
                    CREATE TEMP TABLE run_category_staging (filing_id bigint, category_key text, rule text, amount bigint,
                        fee bigint, net bigint, units bigint, refs bigint, leftover bigint) ON COMMIT DROP""").execute();
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
            // of run_line (V38). On the way, the groups are merged into one order of ref and each ref's total added up
            // (RunLineMerge). A failure before the commit leaves no table behind.
            String table = jdbc.sql("SELECT run_lines_open(:run)").bind("run", runId).single(r -> r.getString(1));
            // The lines' ids, one block of the sequence for the run (V43), given in the order the lines are written.
            long firstId = stream.lineCount == 0 ? 0
                    : jdbc.sql("SELECT run_line_ids(:count)").bind("count", stream.lineCount).single(r -> r.getLong(1));
            long merged;
            long copied;
            try (CopyStream out = new CopyStream(jdbc.copyInFresh(table, LINE_COLUMNS), "run_line");
                    FileChannel in = FileChannel.open(spool, StandardOpenOption.READ);
                    OutputStream totalsFile = Files.newOutputStream(totalsSpool)) {
                CopyText.Writer totals = new CopyText.Writer(totalsFile);
                merged = RunLineMerge.merge(in, stream.groups, stream.unreferenced, firstId, out,
                        (line, from, to, matched, total) -> totals.raw(line, from, to).tab().bool(matched).tab().number(total).end());
                totals.flush();
                copied = out.finish();
            }
            if (merged != stream.lineCount || copied != stream.lineCount) {
                throw new IllegalStateException("run " + runId + ": " + stream.lineCount + " lines computed, " + merged
                        + " merged, " + copied + " copied");
            }
            progress.phase(runId, "run lines merged by ref and copied", stream.lineCount, System.nanoTime() - start);

            start = System.nanoTime();
            jdbc.sql("""
                    INSERT INTO run_category (run_id, tenant_id, filing_id, category_key, rule, amount, fee, net, units, refs, leftover)
                    SELECT :run, :tenant, filing_id, category_key, rule, amount, fee, net, units, refs, leftover FROM run_category_staging""")
                    .bind("run", runId).update();
            progress.phase(runId, "run categories written", stream.categories.size(), System.nanoTime() - start);
            start = System.nanoTime();
            long lines = jdbc.sql("SELECT run_lines_close(:run)").bind("run", runId).single(r -> r.getLong(1));
            if (lines != stream.lineCount) {
                throw new IllegalStateException("run " + runId + ": " + stream.lineCount + " lines computed but " + lines + " written");
            }
            progress.phase(runId, "run lines indexed and attached", lines, System.nanoTime() - start);

            start = System.nanoTime();
            // Each ref's total over its lines, as the merge added them up, in order of ref (run_ref's key: its index is
            // written in one sweep). PostgreSQL refuses COPY into a table under row-level security, so they pass
            // through a temporary table of the transaction.
            jdbc.sql("CREATE TEMP TABLE run_ref_staging (member_ref text, matched boolean, total bigint) ON COMMIT DROP").execute();
            try (CopyStream out = new CopyStream(jdbc.copyIn("run_ref_staging", List.of("member_ref", "matched", "total")), "run_ref");
                    InputStream in = Files.newInputStream(totalsSpool)) {
                byte[] buffer = new byte[CopyText.Writer.BATCH];
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    out.write(buffer, 0, n);
                }
                out.finish();
            }
            long refs = jdbc.sql("""
                    INSERT INTO run_ref (run_id, tenant_id, member_ref, matched, total)
                    SELECT :run, :tenant, member_ref, matched, total FROM run_ref_staging""").bind("run", runId).update();
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
                Files.deleteIfExists(totalsSpool);
            } catch (IOException e) {
                // the files are in the temporary folder, which the system empties; the run's outcome stands
            }
        }
    }

    /**
     * The tenant's members and aliases, which the run matches refs against in memory: joining every usage line with
     * the members in the database cost more than reading the usage itself (docs/performance.md, "Period workflow").
     */
    private RunStream.Members members(TenantSql.Jdbc jdbc) throws SQLException, IOException {
        Set<String> refs = new HashSet<>();
        CopyText.Row row = new CopyText.Row(1);
        CopyOut copy = jdbc.copyOut("SELECT ref FROM member WHERE tenant_id = :tenant", Map.of());
        try {
            for (byte[] r = copy.readFromCopy(); r != null; r = copy.readFromCopy()) {
                refs.add(row.of(r).text(0));
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        Map<String, String> aliases = new HashMap<>();
        jdbc.sql("SELECT alias_ref, member_ref FROM member_alias WHERE tenant_id = :tenant")
                .list(r -> aliases.put(r.getString(1), r.getString(2)));
        return new RunStream.Members(refs, aliases);
    }

    /**
     * The stream of usage lines: one filing after another, each in the order it is stored (the engine puts each
     * category's refs in code point order itself, and the stream sorts the filing's lines into categories). Read filing
     * by filing, nothing is sorted or joined in the database, and the first line comes at once. The blocks of pairs
     * (V49) are unnested here in the select list, the two arrays side by side (their check makes them as long as each
     * other), which streams the pairs; the view {@code filing_usage_pair} and a lateral unnest copy each block into a
     * tuplestore first (COPY of a million pairs: 0.30 to 0.47 s in the select list, 0.56 to 0.64 s lateral, 0.34 to
     * 0.46 s from a row per pair as before V49).
     */
    private void read(TenantSql.Jdbc jdbc, long periodId, Map<Long, RunStream.Filing> filings, RunStream stream)
            throws SQLException, IOException {
        for (long filing : filings.keySet()) {
            CopyOut copy = jdbc.copyOut("""
                    SELECT u.filing_id, u.category_key, unnest(u.member_refs), unnest(u.units) FROM filing_usage u
                     WHERE u.tenant_id = :tenant AND u.period_id = :period AND u.filing_id = :filing""",
                    Map.of("period", periodId, "filing", filing));
            try {
                for (byte[] row = copy.readFromCopy(); row != null; row = copy.readFromCopy()) {
                    stream.accept(row);
                }
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
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

        /** Ends the COPY; returns the rows it wrote. */
        long finish() throws SQLException {
            return copy.endCopy();
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
