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
 * updates and deletes, so the chain cannot be rewritten from the application.
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
        String tenantId = tenant.isSet() ? tenant.tenantId() : null;
        String actor = user.actor();
        // One writer per chain at a time; the lock ends with the transaction.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('audit:' || coalesce(?1, '')))")
                .setParameter(1, tenantId).getSingleResult();
        Object[] last = (Object[]) em.createNativeQuery("""
                SELECT coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_event
                    WHERE tenant_id IS NOT DISTINCT FROM ?1 ORDER BY seq DESC LIMIT 1), ?2)
                FROM audit_event WHERE tenant_id IS NOT DISTINCT FROM ?1""")
                .setParameter(1, tenantId).setParameter(2, GENESIS).getSingleResult();
        long seq = ((Number) last[0]).longValue() + 1;
        em.createNativeQuery("""
                INSERT INTO audit_event (tenant_id, seq, at, actor, action, object_type, object_id, before, after, prev_hash, hash)
                SELECT ?1, ?2, v.at, ?3, ?4, ?5, ?6, cast(?7 as jsonb), cast(?8 as jsonb), ?9,
                       audit_hash(?9, ?1, ?2, v.at, ?3, ?4, ?5, ?6, cast(?7 as jsonb), cast(?8 as jsonb))
                FROM (SELECT date_trunc('microseconds', clock_timestamp()) AS at) v""")
                .setParameter(1, tenantId).setParameter(2, seq).setParameter(3, actor).setParameter(4, action)
                .setParameter(5, objectType).setParameter(6, String.valueOf(objectId))
                .setParameter(7, json(before)).setParameter(8, json(after)).setParameter(9, (String) last[1])
                .executeUpdate();
    }

    /** Walks the current tenant's chain; empty if intact, else the first entry that does not fit. */
    @Transactional
    public Optional<ChainBreak> verify() {
        String tenantId = tenant.isSet() ? tenant.tenantId() : null;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT seq, prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), ?2) AS linked,
                       hash = audit_hash(prev_hash, tenant_id, seq, at, actor, action, object_type, object_id, before, after) AS intact,
                       seq = row_number() OVER (ORDER BY seq) AS contiguous
                FROM audit_event WHERE tenant_id IS NOT DISTINCT FROM ?1 ORDER BY seq""")
                .setParameter(1, tenantId).setParameter(2, GENESIS).getResultList();
        for (Object[] r : rows) {
            long seq = ((Number) r[0]).longValue();
            if (!(Boolean) r[3]) {
                return Optional.of(new ChainBreak(seq, "an entry before #" + seq + " is missing"));
            }
            if (!(Boolean) r[1]) {
                return Optional.of(new ChainBreak(seq, "entry #" + seq + " does not hold the hash of the entry before it"));
            }
            if (!(Boolean) r[2]) {
                return Optional.of(new ChainBreak(seq, "entry #" + seq + " was changed after it was written"));
            }
        }
        return Optional.empty();
    }

    /** One page of the current tenant's chain, newest first. */
    @Transactional
    public List<AuditEvent> page(int page, int size) {
        String tenantId = tenant.isSet() ? tenant.tenantId() : null;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT seq, at, actor, action, object_type, object_id, before::text, after::text, hash
                FROM audit_event WHERE tenant_id IS NOT DISTINCT FROM ?1 ORDER BY seq DESC OFFSET ?2 LIMIT ?3""")
                .setParameter(1, tenantId).setParameter(2, (long) page * size).setParameter(3, size).getResultList();
        return rows.stream().map(r -> new AuditEvent(((Number) r[0]).longValue(), instant(r[1]), (String) r[2],
                (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8])).toList();
    }

    /** How many entries the current tenant's chain holds. */
    @Transactional
    public long count() {
        String tenantId = tenant.isSet() ? tenant.tenantId() : null;
        return ((Number) em.createNativeQuery("SELECT count(*) FROM audit_event WHERE tenant_id IS NOT DISTINCT FROM ?1")
                .setParameter(1, tenantId).getSingleResult()).longValue();
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
