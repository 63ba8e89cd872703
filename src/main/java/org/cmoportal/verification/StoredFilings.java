package org.cmoportal.verification;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.money.CodePointOrder;
import org.cmoportal.tenancy.TenantContext;

/**
 * Reads intake's filings of the current tenant with plain SQL, so verification needs no entity of
 * intake's; the tenant is named in every query and row-level security backs it up.
 */
@ApplicationScoped
public class StoredFilings {

    private static final String SELECT = """
            SELECT f.id, f.tenant_id, p.label, f.builder_id, b.name, f.model, f.seq, f.status, f.currency, f.revenue,
                   f.serving_cost, f.post_training_cost, f.data_value_share, f.operating_profit, f.pool, f.share_flagged,
                   f.attestation_evaluator, f.attestation_reference, f.attestation_sha256, f.content_sha256, f.submitted_at
            FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
            JOIN builder_org b ON b.id = f.builder_id
            WHERE f.tenant_id = ?1\s""";

    @Inject
    EntityManager em;

    @Inject
    TenantContext tenant;

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredFiling> find(long filingId) {
        List<StoredFiling> found = query(SELECT + "AND f.id = ?2", filingId);
        return found.stream().findFirst();
    }

    /** The period's filings, superseded ones left out, by builder, model and number. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredFiling> ofPeriod(String periodLabel) {
        return query(SELECT + "AND p.label = ?2 AND f.status <> 'SUPERSEDED' ORDER BY b.name, f.model, f.seq", periodLabel);
    }

    /** Every live filing of the tenant whose filing.json names this evaluator (by slug or name, any case). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredFiling> namingEvaluator(String slug, String name) {
        return query(SELECT + "AND f.status IN ('SUBMITTED', 'ACCEPTED') AND lower(btrim(f.attestation_evaluator)) IN (lower(?2), lower(?3))"
                + " ORDER BY f.submitted_at DESC, f.id DESC", slug, name);
    }

    /** The builder's filings in this tenant that are not superseded, newest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredFiling> ofBuilder(long builderId) {
        return query(SELECT + "AND f.builder_id = ?2 AND f.status <> 'SUPERSEDED' ORDER BY f.submitted_at DESC, f.id DESC", builderId);
    }

    /** Filings of the same builder, model and period in this tenant, numbered before {@code filing}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> earlierVersions(StoredFiling filing) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                SELECT f.id FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                WHERE f.tenant_id = ?1 AND f.builder_id = ?2 AND f.model = ?3 AND p.label = ?4 AND f.seq < ?5""")
                .setParameter(1, tenant.tenantId()).setParameter(2, filing.builderId()).setParameter(3, filing.model())
                .setParameter(4, filing.periodLabel()).setParameter(5, filing.seq()).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    private List<StoredFiling> query(String sql, Object... params) {
        var q = em.createNativeQuery(sql).setParameter(1, tenant.tenantId());
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 2, params[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, BigDecimal>> mixtures = mixtures(rows.stream().map(r -> ((Number) r[0]).longValue()).toList());
        List<StoredFiling> filings = new ArrayList<>();
        for (Object[] r : rows) {
            long id = ((Number) r[0]).longValue();
            filings.add(new StoredFiling(id, (String) r[1], (String) r[2], ((Number) r[3]).longValue(), (String) r[4],
                    (String) r[5], ((Number) r[6]).intValue(), (String) r[7], (String) r[8], ((Number) r[9]).longValue(),
                    ((Number) r[10]).longValue(), ((Number) r[11]).longValue(), (BigDecimal) r[12], ((Number) r[13]).longValue(),
                    ((Number) r[14]).longValue(), (Boolean) r[15], (String) r[16], (String) r[17], (String) r[18],
                    (String) r[19], instant(r[20]), mixtures.getOrDefault(id, Map.of())));
        }
        return filings;
    }

    private Map<Long, Map<String, BigDecimal>> mixtures(List<Long> filingIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT filing_id, category_key, weight FROM filing_category
                WHERE tenant_id = ?1 AND filing_id = ANY(?2)""")
                .setParameter(1, tenant.tenantId()).setParameter(2, filingIds.toArray(Long[]::new)).getResultList();
        Map<Long, Map<String, BigDecimal>> byFiling = new LinkedHashMap<>();
        for (Object[] r : rows) {
            byFiling.computeIfAbsent(((Number) r[0]).longValue(), k -> new TreeMap<>(CodePointOrder.INSTANCE))
                    .put((String) r[1], (BigDecimal) r[2]);
        }
        return byFiling;
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
