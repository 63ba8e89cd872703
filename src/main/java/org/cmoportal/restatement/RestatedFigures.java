package org.cmoportal.restatement;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.RestatedFiling;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.error.DomainException;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantSql;

/**
 * The engine's inputs for a restatement, read from stored rows, and its result: the restated filing computed before
 * and after as at the restated period (economics.md). The period's rules are those its distributed run applied: the
 * categories and rules of the filing's {@code run_category} rows and the fee rate its statements were published with
 * (the tenant's current rate where none was published); before is the filing as distributed, or as its last approved
 * restatement left it; its members are those the run matched, and for a ref the
 * original usage did not name, a member who existed when the run was calculated. Before is checked against the run's
 * stored figures for the filing to the minor unit. No amount is computed here: {@link FilingCalculator} and
 * {@link RestatedFiling} compute them all.
 */
@ApplicationScoped
public class RestatedFigures {

    @Inject
    TenantSql sql;

    /** The restated period's distributed run: its id and when it was calculated. */
    private record DistributedRun(long id, Timestamp calculatedAt) {
    }

    /** The differences of restatement {@code restatementId} of filing {@code filingId} in period {@code periodId}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RestatedFiling compute(long restatementId, long filingId, long periodId) {
        DistributedRun run = sql.sql("""
                SELECT id, calculated_at FROM distribution_run
                 WHERE tenant_id = :tenant AND period_id = :period AND status = 'DISTRIBUTED'""").bind("period", periodId)
                .one(rs -> new DistributedRun(rs.getLong(1), rs.getTimestamp(2)))
                .orElseThrow(() -> DomainException.conflict("not-distributed", "The restated filing's period has no distributed run."));
        // An archived period's usage and lines are in its archive (ops/archive-period.sh): without them the differences
        // would be computed against nothing, so the restatement waits until the archive is restored.
        sql.sql("SELECT archived_at FROM archived_period WHERE tenant_id = :tenant AND period_id = :period").bind("period", periodId)
                .one(rs -> rs.getTimestamp(1)).ifPresent(at -> {
                    throw DomainException.conflict("archived", "The usage and lines of the restated filing's period were archived on "
                            + at.toInstant().toString().substring(0, 10) + "; restore them from the archive first (ops/archive-period.sh restore).");
                });
        long runId = run.id();
        Timestamp calculatedAt = run.calculatedAt();

        Map<String, DistributionRule> rules = new TreeMap<>(CodePointOrder.INSTANCE);
        Map<String, long[]> stored = new HashMap<>(); // category -> {amount, fee}
        sql.sql("SELECT category_key, rule, amount, fee FROM run_category WHERE tenant_id = :tenant AND run_id = :run AND filing_id = :filing")
                .bind("run", runId).bind("filing", filingId).list(rs -> {
                    rules.put(rs.getString(1), DistributionRule.valueOf(rs.getString(2)));
                    return stored.put(rs.getString(1), new long[] {rs.getLong(3), rs.getLong(4)});
                });
        if (rules.isEmpty()) {
            throw DomainException.conflict("not-distributed", "Filing " + filingId + " was not distributed in its period's run;"
                    + " only a distributed filing can be restated.");
        }
        Rate feeRate = sql.sql("""
                SELECT coalesce((SELECT admin_fee_rate FROM statement WHERE tenant_id = :tenant AND period_id = :period LIMIT 1),
                                (SELECT admin_fee_rate FROM tenant WHERE id = :tenant))""").bind("period", periodId)
                .single(rs -> rate(rs.getBigDecimal(1)));
        ShareBand band = sql.sql("SELECT share_min, share_max FROM tenant WHERE id = :tenant")
                .single(rs -> new ShareBand(rate(rs.getBigDecimal(1)), rate(rs.getBigDecimal(2))));
        TenantTerms terms = new TenantTerms(feeRate, band, rules);

        // Before is the filing as it stands: as distributed, or as its last approved restatement restated it (a second
        // restatement corrects the first, never the original again).
        Long previous = sql.sql("""
                SELECT id FROM restatement WHERE tenant_id = :tenant AND filing_id = :filing AND state = 'APPROVED' AND id <> :id
                 ORDER BY decided_at DESC, id DESC LIMIT 1""").bind("filing", filingId).bind("id", restatementId)
                .one(rs -> rs.getLong(1)).orElse(null);
        FilingFigures beforeFigures = previous == null
                ? sql.sql("""
                        SELECT revenue, serving_cost, post_training_cost, data_value_share FROM filing WHERE tenant_id = :tenant AND id = :id""")
                        .bind("id", filingId).single(rs -> new FilingFigures(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                                rate(rs.getBigDecimal(4)), weights("filing_category", "filing_id", filingId)))
                : restated(previous);
        FilingFigures afterFigures = restated(restatementId);
        Usage beforeUsage = previous == null ? usage("filing_usage_pair", "filing_id", filingId, periodId)
                : usage("restatement_usage", "restatement_id", previous, null);
        Usage afterUsage = usage("restatement_usage", "restatement_id", restatementId, null);

        // Members as they were: whom the run matched, and for a ref it never met, a member when the run was calculated.
        Set<String> matched = new HashSet<>(sql.sql("""
                SELECT DISTINCT member_ref FROM run_line
                 WHERE tenant_id = :tenant AND period_id = :period AND run_id = :run AND filing_id = :filing AND matched""")
                .bind("period", periodId).bind("run", runId).bind("filing", filingId).list(rs -> rs.getString(1)));
        matched.addAll(sql.sql("""
                SELECT m.ref FROM member m
                 WHERE m.tenant_id = :tenant AND m.created_at <= :at
                   AND m.ref IN (SELECT member_ref FROM restatement_usage WHERE tenant_id = :tenant AND restatement_id IN (:id, :previous))
                   AND m.ref NOT IN (SELECT member_ref FROM run_line WHERE tenant_id = :tenant AND period_id = :period AND run_id = :run
                                        AND filing_id = :filing AND member_ref IS NOT NULL)""")
                .bind("period", periodId)
                .bind("at", calculatedAt).bind("id", restatementId).bind("previous", previous == null ? restatementId : previous)
                .bind("run", runId).bind("filing", filingId)
                .list(rs -> rs.getString(1)));
        // Where the money of a ref claimed since goes now: its member.
        Map<String, String> aliases = new HashMap<>();
        sql.sql("""
                SELECT alias_ref, member_ref FROM member_alias
                 WHERE tenant_id = :tenant AND alias_ref IN (
                       SELECT member_ref FROM filing_usage_pair WHERE tenant_id = :tenant AND period_id = :period AND filing_id = :filing
                       UNION SELECT member_ref FROM restatement_usage WHERE tenant_id = :tenant AND restatement_id IN (:id, :previous))""")
                .bind("period", periodId).bind("filing", filingId).bind("id", restatementId).bind("previous", previous == null ? restatementId : previous).list(rs -> aliases.put(rs.getString(1), rs.getString(2)));

        FilingCalculation before = FilingCalculator.calculate(beforeFigures, terms, beforeUsage, matched);
        FilingCalculation after = FilingCalculator.calculate(afterFigures, terms, afterUsage, matched);
        for (CategoryDistribution d : previous != null ? List.<CategoryDistribution>of() : before.distributions()) {
            long[] s = stored.get(d.category());
            if (s == null || s[0] != d.amount() || s[1] != d.fee()) {
                throw DomainException.conflict("rules-changed", "The engine cannot reproduce how filing " + filingId
                        + " was distributed in category " + d.category() + " (the period's rules are not what its run applied);"
                        + " the restatement cannot be computed. Ask the CMO to look into the period's run.");
            }
        }
        return RestatedFiling.of(before, after, aliases);
    }

    /** A restatement's figures and mixture. */
    private FilingFigures restated(long id) {
        return sql.sql("""
                SELECT revenue, serving_cost, post_training_cost, data_value_share FROM restatement WHERE tenant_id = :tenant AND id = :id""")
                .bind("id", id).single(rs -> new FilingFigures(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rate(rs.getBigDecimal(4)), weights("restatement_category", "restatement_id", id)));
    }

    /** {@code table} and {@code owner} are this class's constants. */
    private MixtureWeights weights(String table, String owner, long id) {
        Map<String, Rate> weights = new TreeMap<>(CodePointOrder.INSTANCE);
        sql.sql("SELECT category_key, weight FROM " + table + " WHERE tenant_id = :tenant AND " + owner + " = :id")
                .bind("id", id).list(rs -> weights.put(rs.getString(1), rate(rs.getBigDecimal(2))));
        return new MixtureWeights(weights);
    }

    /** {@code periodId}: the partition key of a table partitioned by period (filing_usage, through filing_usage_pair), null for another. */
    private Usage usage(String table, String owner, long id, Long periodId) {
        Usage.Builder usage = Usage.builder();
        var read = periodId == null
                ? sql.sql("SELECT category_key, member_ref, units FROM " + table + " WHERE tenant_id = :tenant AND " + owner + " = :id")
                : sql.sql("SELECT category_key, member_ref, units FROM " + table + " WHERE tenant_id = :tenant AND period_id = :period AND "
                        + owner + " = :id").bind("period", periodId);
        read.bind("id", id).stream(rs -> usage.add(rs.getString(1), rs.getString(2), rs.getLong(3)));
        return usage.build();
    }

    static Rate rate(BigDecimal value) {
        return Rate.ofMillionths(value.movePointRight(6).longValueExact());
    }

    /** The refs of a list, for messages. */
    static String refs(List<String> refs) {
        return String.join(", ", refs);
    }
}
