package org.cmoportal.verification;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.money.CodePointOrder;
import org.cmoportal.tenancy.TenantSql;

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
            WHERE f.tenant_id = :tenant\s""";

    @Inject
    TenantSql sql;

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredFiling> find(long filingId) {
        List<StoredFiling> found = query(SELECT + "AND f.id = ?", filingId);
        return found.stream().findFirst();
    }

    /** The period's filings, superseded ones left out, by builder, model and number. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredFiling> ofPeriod(String periodLabel) {
        return query(SELECT + "AND p.label = ? AND f.status <> 'SUPERSEDED' ORDER BY b.name, f.model, f.seq", periodLabel);
    }

    /**
     * A live filing naming an evaluator, as the evaluator's lists show it; {@code attested}: the evaluator's attestation
     * of it stands (not voided, bound to the content the filing has now).
     */
    public record Addressed(long id, String builderName, String model, String periodLabel, int seq, String status,
            String contentSha256, boolean attested) {
    }

    /**
     * The live filings of the tenant whose filing.json names the evaluator (by slug or name, any case), and of those, when {@code :like} is given, the ones whose builder, model or period holds it.
     */
    private static final String ADDRESSED = """
            FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
            JOIN builder_org b ON b.id = f.builder_id
            WHERE f.tenant_id = :tenant AND f.status IN ('SUBMITTED', 'ACCEPTED')
              AND lower(btrim(f.attestation_evaluator)) IN (lower(:slug), lower(:name))
              AND (CAST(:like AS text) IS NULL OR lower(b.name) LIKE :like OR lower(f.model) LIKE :like OR lower(p.label) LIKE :like)
            """;

    /**
     * Whether the evaluator's attestation of {@code f} stands: not voided and bound to the filing's content hash. The
     * valuation an attestation carries is not computed again here (the database cannot): V6's trigger keeps its
     * stored inputs as attested (V14), and the filing's page and acceptance check it ({@code VerificationService.attestations}).
     */
    private static final String ATTESTED = """
            EXISTS (SELECT 1 FROM attestation a WHERE a.tenant_id = :tenant AND a.filing_id = f.id
                       AND a.evaluator_id = :evaluator AND a.voided_at IS NULL AND a.filing_sha256 = f.content_sha256)""";

    /** How many filings {@link #addressed} finds: {waiting for the evaluator, attested by it}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long[] addressedCounts(long evaluatorId, String slug, String name, String like) {
        return sql.sql("SELECT count(*) FILTER (WHERE NOT " + ATTESTED + "), count(*) FILTER (WHERE " + ATTESTED + ") " + ADDRESSED)
                .bind("evaluator", evaluatorId).bind("slug", slug).bind("name", name).bind("like", like)
                .single(rs -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    /**
     * The filings naming the evaluator ({@code like}: whose builder, model or period holds it, null for all) that are
     * attested by it or wait for it, newest submitted first, {@code limit} of them after the first {@code offset}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Addressed> addressed(long evaluatorId, String slug, String name, String like, boolean attested, long limit,
            long offset) {
        return sql.sql("SELECT f.id, b.name, f.model, p.label, f.seq, f.status, f.content_sha256 " + ADDRESSED
                + " AND " + (attested ? "" : "NOT ") + ATTESTED + " ORDER BY f.submitted_at DESC, f.id DESC LIMIT :limit OFFSET :offset")
                .bind("evaluator", evaluatorId).bind("slug", slug).bind("name", name).bind("like", like)
                .bind("limit", limit).bind("offset", offset)
                .list(rs -> new Addressed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), attested));
    }

    /** The builder's filings in this tenant that are not superseded, newest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredFiling> ofBuilder(long builderId) {
        return query(SELECT + "AND f.builder_id = ? AND f.status <> 'SUPERSEDED' ORDER BY f.submitted_at DESC, f.id DESC", builderId);
    }

    /** Filings of the same builder, model and period in this tenant, numbered before {@code filing}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> earlierVersions(StoredFiling filing) {
        return sql.sql("""
                SELECT f.id FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                WHERE f.tenant_id = :tenant AND f.builder_id = :builder AND f.model = :model AND p.label = :period AND f.seq < :seq""")
                .bind("builder", filing.builderId()).bind("model", filing.model()).bind("period", filing.periodLabel())
                .bind("seq", filing.seq()).list(rs -> rs.getLong(1));
    }

    private List<StoredFiling> query(String select, Object... params) {
        // read as rows without the mixture first: the mixtures of all of them come in one more query
        List<StoredFiling> rows = sql.sql(select).args(params).list(r -> new StoredFiling(r.getLong(1), r.getString(2),
                r.getString(3), r.getLong(4), r.getString(5), r.getString(6), r.getInt(7), r.getString(8), r.getString(9),
                r.getLong(10), r.getLong(11), r.getLong(12), r.getBigDecimal(13), r.getLong(14), r.getLong(15), r.getBoolean(16),
                r.getString(17), r.getString(18), r.getString(19), r.getString(20), instant(r.getTimestamp(21)), Map.of()));
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, BigDecimal>> mixtures = mixtures(rows.stream().map(StoredFiling::id).toList());
        return rows.stream().map(f -> f.withMixture(mixtures.getOrDefault(f.id(), Map.of()))).toList();
    }

    /** One category's weight in a filing's mixture. */
    private record Weight(long filingId, String category, BigDecimal weight) {
    }

    private Map<Long, Map<String, BigDecimal>> mixtures(List<Long> filingIds) {
        Map<Long, Map<String, BigDecimal>> byFiling = new LinkedHashMap<>();
        sql.sql("""
                SELECT filing_id, category_key, weight FROM filing_category
                WHERE tenant_id = :tenant AND filing_id = ANY(:filings)""").bind("filings", filingIds.toArray(Long[]::new))
                .list(r -> new Weight(r.getLong(1), r.getString(2), r.getBigDecimal(3)))
                .forEach(w -> byFiling.computeIfAbsent(w.filingId(), k -> new TreeMap<>(CodePointOrder.INSTANCE))
                        .put(w.category(), w.weight()));
        return byFiling;
    }

    static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
