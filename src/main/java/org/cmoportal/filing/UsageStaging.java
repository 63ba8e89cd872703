package org.cmoportal.filing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.cmoportal.tenancy.TenantSql;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Stores a filing's usage per (category, member ref) in {@code filing_usage}, in blocks of pairs of one category
 * (V49): the pairs the combiner held, inserted straight from memory once the filing has its id; or, for a file with
 * more pairs than the combiner holds, the partial sums loaded with PostgreSQL {@code COPY} into a temporary table of
 * the current transaction while the file is read, then added up and cut into blocks in SQL. A restatement's usage goes
 * into {@code restatement_usage} the same ways, a row per pair.
 *
 * <p>The table is {@code ON COMMIT DROP}: private to this connection and transaction, so concurrent uploads never
 * meet and a rolled-back upload leaves nothing, not even part of its lines. Lines are sent in COPY's text format
 * through a buffer, while the file is still being read.
 */
final class UsageStaging implements UsagePipeline.Target, AutoCloseable {

    private static final int FLUSH_AT = 1 << 16;

    private final TenantSql.Jdbc jdbc;
    private final byte[][] categories;
    private final List<String> categoryKeys;
    private final CopyIn copy;
    private final byte[] out = new byte[FLUSH_AT + 4 * 1024];
    private int fill;

    UsageStaging(TenantSql.Jdbc jdbc, List<String> categories) throws SQLException {
        this.jdbc = jdbc;
        this.categoryKeys = List.copyOf(categories);
        this.categories = categories.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        jdbc.sql("CREATE TEMP TABLE usage_staging (category_key text NOT NULL, member_ref text NOT NULL, units bigint NOT NULL) ON COMMIT DROP")
                .execute();
        this.copy = jdbc.connection().unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY usage_staging (category_key, member_ref, units) FROM STDIN");
    }

    @Override
    public void accept(int category, byte[] ref, int offset, int length, long units) throws IOException {
        if (fill + 2 * length + 64 > out.length) {
            flush();
            if (2 * length + 64 > out.length) {
                throw new IllegalStateException("a member ref longer than the COPY buffer; refs are at most 128 characters");
            }
        }
        byte[] key = categories[category];
        System.arraycopy(key, 0, out, fill, key.length);
        fill += key.length;
        out[fill++] = '\t';
        for (int i = offset; i < offset + length; i++) {
            byte b = ref[i];
            if (b == '\\') {
                out[fill++] = '\\'; // COPY text format: a backslash is written twice; refs hold no control characters
            }
            out[fill++] = b;
        }
        out[fill++] = '\t';
        fill = writeLong(units, fill);
        out[fill++] = '\n';
    }

    private int writeLong(long value, int at) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = at + digits;
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    private void flush() throws IOException {
        if (fill > 0) {
            try {
                copy.writeToCopy(out, 0, fill);
            } catch (SQLException e) {
                throw new IOException("COPY into the staging table failed", e);
            }
            fill = 0;
        }
    }

    /** Ends the COPY; returns the number of lines staged. */
    @Override
    public long finish() throws IOException, SQLException {
        flush();
        return copy.endCopy();
    }

    /**
     * Inserts the usage into {@code filing_usage} for {@code filingId}, in the entered tenant, in blocks of up to
     * {@value #BLOCK} pairs of one category (V49): the pairs the combiner held, as they are; else the staged rows,
     * added up per (category, member ref) unless each pair was staged once (then there is nothing to add). Returns the
     * pairs stored. The sums fit a bigint: the reader has already checked each category's total.
     */
    long aggregateInto(long filingId, UsagePipeline.Outcome outcome) throws IOException {
        workMem();
        // filing_usage is partitioned by its filing's period (V30): each block names it, found once per statement
        String owner = ":owner, (SELECT period_id FROM filing WHERE tenant_id = :tenant AND id = :owner)";
        if (outcome.held() != null) {
            Inserter inserter = new Inserter("""
                    INSERT INTO filing_usage (filing_id, period_id, tenant_id, category_key, member_refs, units)
                    SELECT""" + " " + owner + """
                    , :tenant, :category, string_to_array(:refs, chr(10)), CAST(string_to_array(:units, chr(10)) AS bigint[])
                    RETURNING cardinality(member_refs)""", true, filingId);
            outcome.held().writeSorted(inserter);
            inserter.flush();
            return inserter.inserted;
        }
        // each category's pairs numbered, then cut into blocks; a ref's place in its block is its number's
        String pairs = outcome.pairsUnique()
                ? "SELECT category_key, member_ref, units FROM usage_staging"
                : "SELECT category_key, member_ref, sum(units)::bigint AS units FROM usage_staging GROUP BY category_key, member_ref";
        return jdbc.sql("""
                WITH stored AS (
                    INSERT INTO filing_usage (filing_id, period_id, tenant_id, category_key, member_refs, units)
                    SELECT""" + " " + owner + """
                    , :tenant, category_key, array_agg(member_ref ORDER BY n), array_agg(units ORDER BY n)
                      FROM (SELECT category_key, member_ref, units, row_number() OVER (PARTITION BY category_key) - 1 AS n
                              FROM (""" + pairs + """
                    ) p) numbered
                     GROUP BY category_key, n /""" + " " + BLOCK + """
                    RETURNING cardinality(member_refs) AS pairs)
                SELECT coalesce(sum(pairs), 0) FROM stored""").bind("owner", filingId).single(rs -> rs.getLong(1));
    }

    /** The same into {@code restatement_usage}, a row per pair: a restatement's usage is never a filing's (V19). */
    long aggregateIntoRestatement(long restatementId, UsagePipeline.Outcome outcome) throws IOException {
        workMem();
        if (outcome.held() != null) {
            Inserter inserter = new Inserter("""
                    INSERT INTO restatement_usage (restatement_id, tenant_id, category_key, member_ref, units)
                    SELECT :owner, :tenant, :category, ref, units::bigint
                      FROM unnest(string_to_array(:refs, chr(10)), string_to_array(:units, chr(10))) AS pair (ref, units)""",
                    false, restatementId);
            outcome.held().writeSorted(inserter);
            inserter.flush();
            return inserter.inserted;
        }
        if (outcome.pairsUnique()) {
            return jdbc.sql("""
                    INSERT INTO restatement_usage (restatement_id, tenant_id, category_key, member_ref, units)
                    SELECT :owner, :tenant, category_key, member_ref, units FROM usage_staging""")
                    .bind("owner", restatementId).update();
        }
        return jdbc.sql("""
                INSERT INTO restatement_usage (restatement_id, tenant_id, category_key, member_ref, units)
                SELECT :owner, :tenant, category_key, member_ref, sum(units)::bigint FROM usage_staging
                GROUP BY category_key, member_ref""").bind("owner", restatementId).update();
    }

    // enough memory for a hash aggregate or a sort over hundreds of thousands of pairs, and for the rows an insert
    // hands its statement trigger (V7), for this transaction only
    private void workMem() {
        jdbc.sql("SET LOCAL work_mem = '128MB'").execute();
    }

    /** The most pairs a block of {@code filing_usage} holds (V49), one category's. */
    static final int BLOCK = 1 << 15;

    /**
     * Inserts pairs straight into a usage table, one statement per run of up to {@value #BLOCK} pairs of one category:
     * the refs and the units each travel as one text parameter, a line apiece (refs hold no control characters),
     * which PostgreSQL splits. COPY would be cheaper to parse but is refused under row-level security. The pairs
     * stored are counted against the pairs sent, so that a ref that held a line break cannot go unnoticed: a block
     * returns how many it holds ({@code inBlock}), a table of a row per pair counts its rows.
     */
    private final class Inserter implements UsageCsvReader.Sink {

        private static final int REF_BYTES = 1 << 20;

        private final String insert;
        private final boolean inBlock;
        private final long ownerId;
        private byte[] refs = new byte[64 * 1024];
        private int refsFill;
        private final StringBuilder units = new StringBuilder();
        private int category = -1;
        private int rows;
        long inserted;

        Inserter(String insert, boolean inBlock, long ownerId) {
            this.insert = insert;
            this.inBlock = inBlock;
            this.ownerId = ownerId;
        }

        @Override
        public void accept(int category, byte[] ref, int offset, int length, long units) {
            if (category != this.category || rows == BLOCK || refsFill + length + 1 > REF_BYTES) {
                flush();
                this.category = category;
            }
            // room for the line break before the ref too: a ref that ended exactly at the buffer's end left none
            if (refsFill + 1 + length > refs.length) {
                refs = Arrays.copyOf(refs, Math.max(refs.length * 2, refsFill + 1 + length));
            }
            if (rows > 0) {
                refs[refsFill++] = '\n';
                this.units.append('\n');
            }
            System.arraycopy(ref, offset, refs, refsFill, length);
            refsFill += length;
            this.units.append(units);
            rows++;
        }

        void flush() {
            if (rows == 0) {
                return;
            }
            TenantSql.Statement statement = jdbc.sql(insert).bind("owner", ownerId).bind("category", categoryKeys.get(category))
                    .bind("refs", new String(refs, 0, refsFill, StandardCharsets.UTF_8)).bind("units", units.toString());
            long n = inBlock ? statement.single(rs -> rs.getLong(1)) : statement.update();
            if (n != rows) {
                throw new IllegalStateException("inserted " + n + " usage pairs of " + rows); // a ref held a line break
            }
            inserted += n;
            rows = 0;
            refsFill = 0;
            units.setLength(0);
        }
    }

    /** Abandons an unfinished COPY (a rejected upload); the transaction's rollback drops the table. */
    @Override
    public void cancel() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    @Override
    public void close() throws SQLException {
        cancel();
    }
}
