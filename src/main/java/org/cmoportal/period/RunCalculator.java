package org.cmoportal.period;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.error.DomainException;

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
    EntityManager em;

    /** Writes the run's categories and lines and its totals, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void compute(long runId, String tenantId, long periodId) {
        refuseForeignUsage(periodId);
        // The members' split sorts a million lines: in memory, not in files; and the run's fresh rows have no
        // statistics, so hash joins are chosen outright rather than loops over guessed handfuls (this transaction only).
        em.createNativeQuery("SELECT set_config('work_mem', '192MB', true), set_config('enable_nestloop', 'off', true)")
                .getResultList();
        em.createNativeQuery("""
                INSERT INTO run_category (run_id, tenant_id, filing_id, category_key, rule, amount, fee, net, units, refs)
                SELECT ?1, f.tenant_id, f.id, c.key, c.rule, x.amount, x.fee, x.amount - x.fee,
                       coalesce(u.units, 0), coalesce(u.refs, 0)
                FROM filing f
                JOIN tenant t ON t.id = f.tenant_id
                JOIN category c ON c.tenant_id = f.tenant_id
                LEFT JOIN filing_category fc ON fc.filing_id = f.id AND fc.category_key = c.key
                CROSS JOIN LATERAL (SELECT coalesce(fc.amount, 0) AS amount,
                                           half_even(coalesce(fc.amount, 0) * t.admin_fee_rate) AS fee) x
                LEFT JOIN (SELECT filing_id, category_key, sum(units)::bigint AS units, count(*) AS refs
                           FROM filing_usage WHERE filing_id IN (SELECT id FROM filing WHERE period_id = ?2 AND status = 'ACCEPTED')
                           GROUP BY filing_id, category_key) u ON u.filing_id = f.id AND u.category_key = c.key
                WHERE f.period_id = ?2 AND f.status = 'ACCEPTED'""")
                .setParameter(1, runId).setParameter(2, periodId).executeUpdate();
        refuseDisagreeingGross(runId);
        // Largest remainder per (filing, category): quota = net × w / W as an integer quotient and remainder,
        // the leftover units go one each to the largest remainders, ties to the smaller ref by code point.
        em.createNativeQuery("""
                INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount)
                SELECT ?1, ?2, s.filing_id, s.category_key, s.member_ref, s.matched, s.units, s.category_units,
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
                        WHERE rc.run_id = ?1
                    ) q
                    WINDOW w AS (PARTITION BY q.filing_id, q.category_key)
                ) s
                UNION ALL
                SELECT ?1, ?2, rc.filing_id, rc.category_key, NULL, false, 0, 0, rc.net
                FROM run_category rc WHERE rc.run_id = ?1 AND rc.refs = 0""")
                .setParameter(1, runId).setParameter(2, tenantId).executeUpdate();
        // The table's check (tenant_gross = fees + paid + suspense) holds the run to the invariant.
        em.createNativeQuery("""
                UPDATE distribution_run r
                SET tenant_gross = c.gross, fees = c.fees, filings = c.filings,
                    paid = l.paid, suspense = l.suspense, lines = l.lines
                FROM (SELECT coalesce(sum(amount), 0) AS gross, coalesce(sum(fee), 0) AS fees,
                             count(DISTINCT filing_id) AS filings FROM run_category WHERE run_id = ?1) c,
                     (SELECT coalesce(sum(amount) FILTER (WHERE matched), 0) AS paid,
                             coalesce(sum(amount) FILTER (WHERE NOT matched), 0) AS suspense,
                             count(*) AS lines FROM run_line WHERE run_id = ?1) l
                WHERE r.id = ?1""")
                .setParameter(1, runId).executeUpdate();
    }

    /** Usage in a category the CMO does not administer cannot be distributed (the engine refuses it too). */
    private void refuseForeignUsage(long periodId) {
        @SuppressWarnings("unchecked")
        List<Object[]> foreign = em.createNativeQuery("""
                SELECT DISTINCT u.filing_id, u.category_key FROM filing_usage u
                JOIN filing f ON f.id = u.filing_id
                WHERE f.period_id = ?1 AND f.status = 'ACCEPTED'
                  AND NOT EXISTS (SELECT 1 FROM category c WHERE c.tenant_id = u.tenant_id AND c.key = u.category_key)
                ORDER BY 1, 2 LIMIT 5""").setParameter(1, periodId).getResultList();
        if (!foreign.isEmpty()) {
            throw DomainException.conflict("foreign-usage", "Filing " + foreign.get(0)[0] + " reports usage in category '"
                    + foreign.get(0)[1] + "', which this CMO does not administer; reject that filing and calculate again.");
        }
    }

    /** What the builder owes (the filing's tenant gross) must be what the run distributes. */
    private void refuseDisagreeingGross(long runId) {
        @SuppressWarnings("unchecked")
        List<Object[]> off = em.createNativeQuery("""
                SELECT f.id, f.tenant_gross, sum(rc.amount) FROM run_category rc JOIN filing f ON f.id = rc.filing_id
                WHERE rc.run_id = ?1 GROUP BY f.id, f.tenant_gross HAVING f.tenant_gross <> sum(rc.amount)
                ORDER BY f.id LIMIT 1""").setParameter(1, runId).getResultList();
        if (!off.isEmpty()) {
            throw DomainException.conflict("figures-disagree", "Filing " + off.get(0)[0] + " states a tenant gross of "
                    + off.get(0)[1] + " minor units but its administered categories add up to " + off.get(0)[2]
                    + "; reject the filing and ask the builder to file again.");
        }
    }
}
