package org.cmoportal.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The append-only, hash-chained record of every write that matters.
 *
 * <p>Each tenant has its own chain (platform events such as creating a tenant have the chain with no
 * tenant). An entry holds the hash of the one before it; the database computes the hash and refuses
 * updates and deletes, so the chain cannot be rewritten from the application. Each chain's head (its last seq
 * and hash, {@code audit_head}) is one row, so an append costs the same however long the log is.
 */
@ApplicationScoped
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Inject
    TenantSql sql;

    @Inject
    CurrentUser user;

    /**
     * Appends an entry to the current tenant's chain, in the caller's transaction. The log's statements are
     * platform-wide: outside any tenant {@code :tenant} is NULL, which names the platform's chain.
     *
     * <p>The append is the database's {@code audit_append} (V37): it locks the chain's head (one writer per chain at
     * a time; a chain's first entry creates it), writes the entry with the hash the database computes and moves the
     * head, in one call. It is the only code that appends: ops/archive-period.sh, which runs as the schema owner
     * outside the application, appends through it too, so every entry is chained the same way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String objectType, Object objectId, Map<String, ?> before, Map<String, ?> after) {
        sql.platform("SELECT audit_append(:tenant, :actor, :action, :type, :id, cast(:before as jsonb), cast(:after as jsonb))")
                .bind("actor", user.actor()).bind("action", action).bind("type", objectType)
                .bind("id", String.valueOf(objectId)).bind("before", json(before)).bind("after", json(after))
                .single(rs -> rs.getLong(1));
    }

    /**
     * Walks the current tenant's chain; empty if intact, else the first entry that does not fit (or a head that does
     * not point at the last entry, which would fork the chain at the next append).
     */
    @Transactional
    public Optional<ChainBreak> verify() {
        List<Link> rows = sql.platform("""
                SELECT seq, prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), :genesis) AS linked,
                       hash = audit_hash(prev_hash, tenant_id, seq, at, actor, action, object_type, object_id, before, after) AS intact,
                       seq = row_number() OVER (ORDER BY seq) AS contiguous
                FROM audit_event WHERE coalesce(tenant_id, '') = coalesce(:tenant, '') ORDER BY seq""")
                .bind("genesis", GENESIS)
                .list(rs -> new Link(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)));
        for (Link r : rows) {
            long seq = r.seq();
            if (!r.contiguous()) {
                return Optional.of(new ChainBreak(seq, "an entry before #" + seq + " is missing"));
            }
            if (!r.linked()) {
                return Optional.of(new ChainBreak(seq, "entry #" + seq + " does not hold the hash of the entry before it"));
            }
            if (!r.intact()) {
                return Optional.of(new ChainBreak(seq, "entry #" + seq + " was changed after it was written"));
            }
        }
        Optional<HeadCheck> head = sql.platform("""
                SELECT h.seq, h.hash = coalesce(e.hash, :genesis) FROM audit_head h
                LEFT JOIN audit_event e ON coalesce(e.tenant_id, '') = h.chain AND e.seq = h.seq
                WHERE h.chain = coalesce(:tenant, '')""").bind("genesis", GENESIS)
                .one(rs -> new HeadCheck(rs.getLong(1), rs.getBoolean(2)));
        long last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).seq();
        if (head.isPresent() && (head.get().seq() != last || !head.get().fits())) {
            return Optional.of(new ChainBreak(last, "the chain's head names entry #" + head.get().seq()
                    + ", not its last entry #" + last + " with that entry's hash"));
        }
        return Optional.empty();
    }

    /** One page of the current tenant's chain, newest first, counting pages from 0 (the API's pages). */
    @Transactional
    public List<AuditEvent> page(int page, int size) {
        return entries(null, count() - (long) page * size, 0, size);
    }

    /** A page of the current tenant's entries whose actor or action contains the search, newest first. */
    public record Found(List<AuditEvent> events, Paging paging) {
    }

    /** The page {@code requested} (from 1) of the entries whose actor or action contains {@code query} (all for none). */
    @Transactional
    public Found find(String query, int requested, int size) {
        String like = Paging.like(query);
        long count = like == null ? count() : sql.platform("SELECT count(*) FROM audit_event WHERE " + MATCHES)
                .bind("like", like).single(rs -> rs.getLong(1));
        Paging paging = Paging.of(requested, size, count);
        return new Found(like == null ? entries(null, count - paging.offset(), 0, size)
                : entries(like, Long.MAX_VALUE, paging.offset(), size), paging);
    }

    /** The chain's entries that a search finds ({@code :like}, a LIKE pattern on the actor or the action; NULL for all). */
    private static final String MATCHES = """
            coalesce(tenant_id, '') = coalesce(:tenant, '')
            AND (CAST(:like AS text) IS NULL OR lower(actor) LIKE :like OR lower(action) LIKE :like)""";

    /**
     * {@code size} entries from {@code newest} down, after the {@code skip} newest that match. Entries are numbered
     * 1..n without gaps, so with no search a page is a range of seq that the chain's index finds at once (no skip);
     * a search reads the chain newest first and skips what the pages before it showed.
     */
    private List<AuditEvent> entries(String like, long newest, long skip, int size) {
        return sql.platform("SELECT seq, at, actor, action, object_type, object_id, before::text, after::text, hash"
                + " FROM audit_event WHERE " + MATCHES + " AND seq <= :newest ORDER BY seq DESC LIMIT :size OFFSET :skip")
                .bind("like", like).bind("newest", newest).bind("size", size).bind("skip", skip)
                .list(r -> new AuditEvent(r.getLong(1), r.getTimestamp(2).toInstant(), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9)));
    }

    /** How many entries the current tenant's chain holds: its head's seq, as entries are numbered from 1. */
    @Transactional
    public long count() {
        return sql.platform("SELECT seq FROM audit_head WHERE chain = coalesce(:tenant, '') AND tenant_id IS NOT DISTINCT FROM :tenant")
                .one(rs -> rs.getLong(1)).orElse(0L);
    }

    /** One entry as the walk sees it: whether it follows its predecessor, holds its hash, and is unchanged. */
    private record Link(long seq, boolean linked, boolean intact, boolean contiguous) {
    }

    /** The head's seq, and whether its hash is that entry's. */
    private record HeadCheck(long seq, boolean fits) {
    }

    /** Where a chain breaks and how. */
    public record ChainBreak(long seq, String reason) {
    }

    private static String json(Map<String, ?> value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit values must be plain data", e);
        }
    }
}
