package org.cmoportal.period;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.tenant.Tenant;

/** Reads a run's figures back from its stored totals and lines: what was calculated is what is shown. */
@ApplicationScoped
public class RunReport {

    static final int LARGEST = 10;

    @Inject
    EntityManager em;

    @Transactional
    public RunFigures figures(DistributionRun run) {
        Map<String, Long> byRef = new LinkedHashMap<>();
        rows("""
                SELECT member_ref, sum(amount)::bigint FROM run_line WHERE run_id = ?1 AND NOT matched AND member_ref IS NOT NULL
                GROUP BY member_ref ORDER BY member_ref COLLATE "C\"""", run.id).forEach(r -> byRef.put((String) r[0], num(r[1])));
        Map<String, Long> byCategory = new LinkedHashMap<>();
        rows("""
                SELECT category_key, sum(amount)::bigint FROM run_line WHERE run_id = ?1 AND member_ref IS NULL
                GROUP BY category_key ORDER BY category_key COLLATE "C\"""", run.id).forEach(r -> byCategory.put((String) r[0], num(r[1])));
        // once distributed, the name the member's statement was published with; before, the member's name now
        List<RunFigures.Payee> largest = rows("""
                SELECT l.member_ref, coalesce(s.member_name, m.name), l.total FROM (
                    SELECT member_ref, sum(amount)::bigint AS total FROM run_line WHERE run_id = ?1 AND matched
                    GROUP BY member_ref ORDER BY total DESC, member_ref COLLATE "C" LIMIT %d) l
                LEFT JOIN statement s ON s.run_id = ?1 AND s.member_ref = l.member_ref
                LEFT JOIN member m ON m.ref = l.member_ref
                ORDER BY l.total DESC, l.member_ref COLLATE "C\"""".formatted(LARGEST), run.id).stream()
                .map(r -> new RunFigures.Payee((String) r[0], (String) r[1], num(r[2]))).toList();
        Tenant tenant = Tenant.findById(run.tenantId);
        return new RunFigures(run.id, run.status.name(), tenant.currency, run.calculatedBy, run.calculatedAt, run.filings,
                run.lines, run.tenantGross, run.fees, run.paid, run.suspense, byRef, byCategory, largest);
    }

    /** The stored totals alone (for the audit log), without reading the lines. */
    @Transactional
    public RunFigures totals(DistributionRun run) {
        Tenant tenant = Tenant.findById(run.tenantId);
        return new RunFigures(run.id, run.status.name(), tenant.currency, run.calculatedBy, run.calculatedAt, run.filings,
                run.lines, run.tenantGross, run.fees, run.paid, run.suspense, Map.of(), Map.of(), List.of());
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, long runId) {
        return em.createNativeQuery(sql).setParameter(1, runId).getResultList();
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }
}
