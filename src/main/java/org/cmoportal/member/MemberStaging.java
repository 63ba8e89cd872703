package org.cmoportal.member;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.tenancy.TenantSql;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Loads an import's valid lines with {@code COPY} into a temporary table of the current transaction, then applies
 * them to the tenant's members in a few set-based statements, as filing intake does with usage.
 *
 * <p>The table is {@code ON COMMIT DROP}: private to this connection and transaction, so a refused import leaves
 * nothing. Every statement is given the time the transaction has left, so that PostgreSQL stops it at the
 * deadline instead of the transaction manager rolling back underneath it.
 */
final class MemberStaging implements MemberCsvReader.Sink, AutoCloseable {

    /** What an import changed: members added, and known members renamed or linked to a user. */
    record Applied(long added, long updated) {
    }

    /** Lines that repeat an earlier line's ref: the first ones, and how many there are in all. */
    record Duplicates(List<Problem> listed, long total) {
    }

    private final TenantSql.Jdbc jdbc;
    private final long deadline;
    private final PGCopyOutputStream copy;
    private final Writer out;

    /**
     * @param deadline {@link System#nanoTime()} at which the transaction's time is up
     */
    MemberStaging(TenantSql.Jdbc jdbc, long deadline) throws SQLException {
        this.jdbc = jdbc;
        this.deadline = deadline;
        // One import per tenant at a time: the counts and the links to users are then exactly this file's.
        sql("SELECT pg_advisory_xact_lock(hashtext('member-import:' || :tenant))").execute();
        sql("CREATE TEMP TABLE member_staging (line bigint NOT NULL, ref text NOT NULL, name text NOT NULL, username text)"
                + " ON COMMIT DROP").execute();
        copy = new PGCopyOutputStream(jdbc.connection().unwrap(PGConnection.class),
                "COPY member_staging (line, ref, name, username) FROM STDIN", 1 << 16);
        out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void accept(long line, NewMember m) throws IOException {
        out.write(Long.toString(line));
        out.write('\t');
        field(m.ref());
        out.write('\t');
        field(m.name());
        out.write('\t');
        if (m.username() == null) {
            out.write("\\N");
        } else {
            field(m.username());
        }
        out.write('\n');
    }

    /** A value in COPY's text format: backslash, tab and line ends escaped (refs and names hold none but \). */
    private void field(String value) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }

    /** Ends the COPY; returns the number of lines staged. */
    long finish() throws IOException, SQLException {
        out.flush();
        return copy.endCopy();
    }

    /** Lines whose ref an earlier line of the file already has, at most {@code max} of them listed. */
    Duplicates duplicates(int max) {
        List<Duplicate> found = sql("""
                SELECT s.line, s.ref, d.first, count(*) OVER ()
                FROM (SELECT ref, min(line) AS first FROM member_staging GROUP BY ref HAVING count(*) > 1) d
                JOIN member_staging s ON s.ref = d.ref AND s.line > d.first
                ORDER BY s.line LIMIT :limit""").bind("limit", Math.max(max, 1))
                .list(rs -> new Duplicate(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        List<Problem> listed = found.stream().limit(Math.max(max, 0))
                .map(d -> new Problem(MemberCsvReader.FILE + " line " + d.line(), "The ref '" + d.ref()
                        + "' is already on line " + d.first() + "; keep one line per member."))
                .toList();
        return new Duplicates(listed, found.isEmpty() ? 0 : found.get(found.size() - 1).total());
    }

    /** A line whose ref an earlier line has, and how many such lines the file has in all. */
    private record Duplicate(long line, String ref, long first, long total) {
    }

    /**
     * Renames the known members whose name changed, adds the new ones and, for lines that name a user, makes that
     * user the ref's holder (a ref has at most one).
     */
    Applied apply(boolean usernames) {
        sql("SET LOCAL work_mem = '128MB'").execute(); // hash joins over a million staged lines, for this transaction only
        long updated = sql("""
                WITH known AS (
                    SELECT m.id, s.name, m.name <> s.name AS renamed, s.username IS NOT NULL AS linked
                    FROM member_staging s JOIN member m ON m.tenant_id = :tenant AND m.ref = s.ref),
                renamed AS (UPDATE member m SET name = k.name FROM known k WHERE m.tenant_id = :tenant AND m.id = k.id AND k.renamed)
                SELECT count(*) FILTER (WHERE renamed OR linked) FROM known""").single(rs -> rs.getLong(1));
        long added = sql("""
                INSERT INTO member (tenant_id, ref, name) SELECT :tenant, ref, name FROM member_staging
                ON CONFLICT (tenant_id, ref) DO NOTHING""").update();
        if (usernames) {
            sql("""
                    INSERT INTO app_user (username) SELECT DISTINCT username FROM member_staging WHERE username IS NOT NULL
                    ON CONFLICT (username) DO NOTHING""").update();
            sql("""
                    DELETE FROM affiliation a USING member_staging s
                    WHERE a.kind = 'MEMBER' AND a.tenant_id = :tenant AND a.member_ref = s.ref AND s.username IS NOT NULL""").update();
            sql("""
                    INSERT INTO affiliation (user_id, kind, tenant_id, member_ref)
                    SELECT u.id, 'MEMBER', :tenant, s.ref FROM member_staging s JOIN app_user u ON u.username = s.username""").update();
        }
        return new Applied(added, updated);
    }

    /** A statement on this import's connection, given the time the transaction has left. */
    private TenantSql.Statement sql(String sql) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw DomainException.outOfTime();
        }
        return jdbc.sql(sql).timeout((int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left)));
    }

    /** Abandons an unfinished COPY (a refused import); the transaction's rollback drops the table. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
