package org.cmoportal.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.tenancy.TenantContext;

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
    EntityManager em;

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    /** Appends an entry to the current tenant's chain, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String objectType, Object objectId, Map<String, ?> before, Map<String, ?> after) {
        String tenantId = chainTenant();
        Tuple head = lockHead(tenantId);
        // The entry and the new head in one statement: they cannot part, and the hash is computed by the database.
        em.createNativeQuery("""
                WITH entry AS (
                    INSERT INTO audit_event (tenant_id, seq, at, actor, action, object_type, object_id, before, after, prev_hash, hash)
                    SELECT ?1, ?2, v.at, ?3, ?4, ?5, ?6, cast(?7 as jsonb), cast(?8 as jsonb), ?9,
                           audit_hash(?9, ?1, ?2, v.at, ?3, ?4, ?5, ?6, cast(?7 as jsonb), cast(?8 as jsonb))
                    FROM (SELECT date_trunc('microseconds', clock_timestamp()) AS at) v
                    RETURNING seq, hash)
                UPDATE audit_head h SET seq = entry.seq, hash = entry.hash FROM entry WHERE h.chain = coalesce(?1, '')""")
                .setParameter(1, tenantId).setParameter(2, head.get(0, Long.class) + 1).setParameter(3, user.actor())
                .setParameter(4, action).setParameter(5, objectType).setParameter(6, String.valueOf(objectId))
                .setParameter(7, json(before)).setParameter(8, json(after)).setParameter(9, head.get(1, String.class))
                .executeUpdate();
    }

    /**
     * The chain's head (last seq, last hash), locked until the transaction ends: one writer per chain at a time.
     * A chain's first entry creates its head; two first writers meet on the primary key and the second waits.
     */
    private Tuple lockHead(String tenantId) {
        for (int attempt = 0; attempt < 2; attempt++) {
            @SuppressWarnings("unchecked")
            List<Tuple> head = em.createNativeQuery("SELECT seq, hash FROM audit_head WHERE chain = coalesce(?1, '') FOR UPDATE",
                    Tuple.class).setParameter(1, tenantId).getResultList();
            if (!head.isEmpty()) {
                return head.get(0);
            }
            em.createNativeQuery("INSERT INTO audit_head (tenant_id, seq, hash) VALUES (?1, 0, ?2) ON CONFLICT (chain) DO NOTHING")
                    .setParameter(1, tenantId).setParameter(2, GENESIS).executeUpdate();
        }
        throw new IllegalStateException("the head of the audit chain of " + (tenantId == null ? "the platform" : tenantId)
                + " can be neither read nor created; check the audit_head grants and policy");
    }

    private String chainTenant() {
        return tenant.isSet() ? tenant.tenantId() : null;
    }

    /**
     * Walks the current tenant's chain; empty if intact, else the first entry that does not fit (or a head that does
     * not point at the last entry, which would fork the chain at the next append).
     */
    @Transactional
    public Optional<ChainBreak> verify() {
        String tenantId = chainTenant();
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                SELECT seq, prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), ?2) AS linked,
                       hash = audit_hash(prev_hash, tenant_id, seq, at, actor, action, object_type, object_id, before, after) AS intact,
                       seq = row_number() OVER (ORDER BY seq) AS contiguous
                FROM audit_event WHERE coalesce(tenant_id, '') = coalesce(?1, '') ORDER BY seq""", Tuple.class)
                .setParameter(1, tenantId).setParameter(2, GENESIS).getResultList();
        for (Tuple r : rows) {
            long seq = r.get(0, Long.class);
            if (!r.get(3, Boolean.class)) {
                return Optional.of(new ChainBreak(seq, "an entry before #" + seq + " is missing"));
            }
            if (!r.get(1, Boolean.class)) {
                return Optional.of(new ChainBreak(seq, "entry #" + seq + " does not hold the hash of the entry before it"));
            }
            if (!r.get(2, Boolean.class)) {
                return Optional.of(new ChainBreak(seq, "entry #" + seq + " was changed after it was written"));
            }
        }
        @SuppressWarnings("unchecked")
        List<Tuple> head = em.createNativeQuery("""
                SELECT h.seq, h.hash = coalesce(e.hash, ?2) FROM audit_head h
                LEFT JOIN audit_event e ON coalesce(e.tenant_id, '') = h.chain AND e.seq = h.seq
                WHERE h.chain = coalesce(?1, '')""", Tuple.class)
                .setParameter(1, tenantId).setParameter(2, GENESIS).getResultList();
        long last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).get(0, Long.class);
        if (!head.isEmpty() && (head.get(0).get(0, Long.class) != last || !head.get(0).get(1, Boolean.class))) {
            return Optional.of(new ChainBreak(last, "the chain's head names entry #" + head.get(0).get(0, Long.class)
                    + ", not its last entry #" + last + " with that entry's hash"));
        }
        return Optional.empty();
    }

    /** One page of the current tenant's chain, newest first. */
    @Transactional
    public List<AuditEvent> page(int page, int size) {
        String tenantId = chainTenant();
        // Entries are numbered 1..n without gaps, so a page is a range of seq that the chain's index finds at once.
        long newest = count() - (long) page * size;
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                SELECT seq, at, actor, action, object_type, object_id, before::text, after::text, hash
                FROM audit_event WHERE coalesce(tenant_id, '') = coalesce(?1, '') AND seq <= ?2 ORDER BY seq DESC LIMIT ?3""",
                Tuple.class).setParameter(1, tenantId).setParameter(2, newest).setParameter(3, size).getResultList();
        return rows.stream().map(r -> new AuditEvent(r.get(0, Long.class), instant(r.get(1)), r.get(2, String.class),
                r.get(3, String.class), r.get(4, String.class), r.get(5, String.class), r.get(6, String.class),
                r.get(7, String.class), r.get(8, String.class))).toList();
    }

    /** How many entries the current tenant's chain holds: its head's seq, as entries are numbered from 1. */
    @Transactional
    public long count() {
        @SuppressWarnings("unchecked")
        List<Long> head = em.createNativeQuery("SELECT seq FROM audit_head WHERE chain = coalesce(?1, '')", Long.class)
                .setParameter(1, chainTenant()).getResultList();
        return head.isEmpty() ? 0 : head.get(0);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
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
