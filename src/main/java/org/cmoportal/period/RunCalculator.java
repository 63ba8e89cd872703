package org.cmoportal.period;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.error.DomainException;
import org.cmoportal.tenancy.TenantSql;

/**
 * Step 3 of economics.md for a whole period, set-based in PostgreSQL: a million usage lines never travel
 * to Java and back.
 *
 * <p>It follows the engine ({@code distribution.FilingCalculator}) rule for rule, and the tests hold it to
 * the engine to the minor unit: the fee is {@code half_even(amount × rate)} (the SQL function of V3, since
 * {@code round()} rounds ties away from zero), the members' split is the largest remainder with exact
 * numeric products, leftover units going to the largest remainders and ties to the smaller ref by code
 * point ({@code COLLATE "C"}: byte order of UTF-8 is code point order). The category amounts are the
 * filing's own step-2 split, written by the intake.
 */
@ApplicationScoped
public class RunCalculator {

    @Inject
    TenantSql sql;

    /** Writes the run's categories and lines and its totals in the entered tenant, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void compute(long runId, long periodId) {
        refuseForeignUsage(periodId);
        // The members' split sorts a million lines: in memory, not in files; and the run's fresh rows have no
        // statistics, so hash joins are chosen outright rather than loops over guessed handfuls (this transaction only).
        sql.sql("SELECT set_config('work_mem', '192MB', true), set_config('enable_nestloop', 'off', true)").execute();
        sql.sql("""
                INSERT INTO run_category (run_id, tenant_id, filing_id, category_key, rule, amount, fee, net, units, refs)
                SELECT :run, f.tenant_id, f.id, c.key, c.rule, x.amount, x.fee, x.amount - x.fee,
                       coalesce(u.units, 0), coalesce(u.refs, 0)
                FROM filing f
                JOIN tenant t ON t.id = f.tenant_id
                JOIN category c ON c.tenant_id = f.tenant_id
                LEFT JOIN filing_category fc ON fc.filing_id = f.id AND fc.category_key = c.key
                CROSS JOIN LATERAL (SELECT coalesce(fc.amount, 0) AS amount,
                                           half_even(coalesce(fc.amount, 0) * t.admin_fee_rate) AS fee) x
                LEFT JOIN (SELECT filing_id, category_key, sum(units)::bigint AS units, count(*) AS refs
                           FROM filing_usage WHERE filing_id IN (SELECT id FROM filing WHERE period_id = :period AND status = 'ACCEPTED')
                           GROUP BY filing_id, category_key) u ON u.filing_id = f.id AND u.category_key = c.key
                WHERE f.tenant_id = :tenant AND f.period_id = :period AND f.status = 'ACCEPTED'""")
                .bind("run", runId).bind("period", periodId).update();
        refuseDisagreeingGross(runId);
        // Largest remainder per (filing, category): quota = net × w / W as an integer quotient and remainder,
        // the leftover units go one each to the largest remainders, ties to the smaller ref by code point.
        sql.sql("""
                INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount)
                SELECT :run, :tenant, s.filing_id, s.category_key, s.member_ref, s.matched, s.units, s.category_units,
                       s.quotient + CASE WHEN s.place <= s.net - s.floors THEN 1 ELSE 0 END
                FROM (
                    SELECT q.*, sum(q.quotient) OVER w AS floors,
                           row_number() OVER (w ORDER BY q.remainder DESC, q.member_ref COLLATE "C") AS place
                    FROM (
                        SELECT u.filing_id, u.category_key, u.member_ref, u.units, rc.units AS category_units, rc.net,
                               m.ref IS NOT NULL AS matched,
                               div(rc.net::numeric * k.weight, k.weight_sum)::bigint AS quotient,
                               mod(rc.net::numeric * k.weight, k.weight_sum) AS remainder
                        FROM run_category rc
                        JOIN filing_usage u ON u.filing_id = rc.filing_id AND u.category_key = rc.category_key
                        LEFT JOIN member m ON m.tenant_id = u.tenant_id AND m.ref = u.member_ref
                        CROSS JOIN LATERAL (SELECT CASE WHEN rc.rule = 'EQUAL_SHARES' THEN 1 ELSE u.units END AS weight,
                                                   CASE WHEN rc.rule = 'EQUAL_SHARES' THEN rc.refs ELSE rc.units END AS weight_sum) k
                        WHERE rc.run_id = :run
                    ) q
                    WINDOW w AS (PARTITION BY q.filing_id, q.category_key)
                ) s
                UNION ALL
                SELECT :run, :tenant, rc.filing_id, rc.category_key, NULL, false, 0, 0, rc.net
                FROM run_category rc WHERE rc.run_id = :run AND rc.refs = 0""")
                .bind("run", runId).update();
        // The table's check (tenant_gross = fees + paid + suspense) holds the run to the invariant.
        sql.sql("""
                UPDATE distribution_run r
                SET tenant_gross = c.gross, fees = c.fees, filings = c.filings,
                    paid = l.paid, suspense = l.suspense, lines = l.lines
                FROM (SELECT coalesce(sum(amount), 0) AS gross, coalesce(sum(fee), 0) AS fees,
                             count(DISTINCT filing_id) AS filings FROM run_category WHERE run_id = :run) c,
                     (SELECT coalesce(sum(amount) FILTER (WHERE matched), 0) AS paid,
                             coalesce(sum(amount) FILTER (WHERE NOT matched), 0) AS suspense,
                             count(*) AS lines FROM run_line WHERE run_id = :run) l
                WHERE r.tenant_id = :tenant AND r.id = :run""")
                .bind("run", runId).update();
    }

    /** Usage in a category the CMO does not administer cannot be distributed (the engine refuses it too). */
    private void refuseForeignUsage(long periodId) {
        Optional<String> foreign = sql.sql("""
                SELECT DISTINCT u.filing_id, u.category_key FROM filing_usage u
                JOIN filing f ON f.tenant_id = u.tenant_id AND f.id = u.filing_id
                WHERE f.tenant_id = :tenant AND f.period_id = :period AND f.status = 'ACCEPTED'
                  AND NOT EXISTS (SELECT 1 FROM category c WHERE c.tenant_id = u.tenant_id AND c.key = u.category_key)
                ORDER BY 1, 2 LIMIT 5""").bind("period", periodId)
                .one(r -> "Filing " + r.getLong(1) + " reports usage in category '" + r.getString(2) + "'");
        if (foreign.isPresent()) {
            throw DomainException.conflict("foreign-usage", foreign.get()
                    + ", which this CMO does not administer; reject that filing and calculate again.");
        }
    }

    /** What the builder owes (the filing's tenant gross) must be what the run distributes. */
    private void refuseDisagreeingGross(long runId) {
        Optional<String> off = sql.sql("""
                SELECT f.id, f.tenant_gross, sum(rc.amount) FROM run_category rc
                JOIN filing f ON f.tenant_id = rc.tenant_id AND f.id = rc.filing_id
                WHERE rc.tenant_id = :tenant AND rc.run_id = :run GROUP BY f.id, f.tenant_gross HAVING f.tenant_gross <> sum(rc.amount)
                ORDER BY f.id LIMIT 1""").bind("run", runId)
                .one(r -> "Filing " + r.getLong(1) + " states a tenant gross of " + r.getLong(2)
                        + " minor units but its administered categories add up to " + r.getBigDecimal(3).toPlainString());
        if (off.isPresent()) {
            throw DomainException.conflict("figures-disagree", off.get() + "; reject the filing and ask the builder to file again.");
        }
    }
}
