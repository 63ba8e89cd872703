package org.cmoportal.period;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;

/** Reads a run's figures back from its stored totals, categories and ref totals: what was calculated is what is shown. */
@ApplicationScoped
public class RunReport {

    static final int LARGEST = 10;

    @Inject
    TenantSql sql;

    @Transactional
    public RunFigures figures(DistributionRun run) {
        // One row per ref (run_ref) and per category (run_category), never the run's lines.
        Map<String, Long> byRef = new LinkedHashMap<>();
        sql.sql("""
                SELECT member_ref, total FROM run_ref WHERE tenant_id = :tenant AND run_id = :run AND NOT matched
                ORDER BY member_ref COLLATE "C\"""").bind("run", run.id)
                .list(r -> byRef.put(r.getString(1), r.getLong(2)));
        Map<String, Long> byCategory = new LinkedHashMap<>();
        sql.sql("""
                SELECT category_key, sum(net)::bigint FROM run_category WHERE tenant_id = :tenant AND run_id = :run AND refs = 0
                GROUP BY category_key ORDER BY category_key COLLATE "C\"""").bind("run", run.id)
                .list(r -> byCategory.put(r.getString(1), r.getLong(2)));
        // once distributed, the name the member's statement was published with; before, the member's name now
        List<RunFigures.Payee> largest = sql.sql("""
                SELECT l.member_ref, coalesce(s.member_name, m.name), l.total FROM (
                    SELECT member_ref, total FROM run_ref WHERE tenant_id = :tenant AND run_id = :run AND matched
                    ORDER BY total DESC, member_ref COLLATE "C" LIMIT %d) l
                LEFT JOIN statement s ON s.tenant_id = :tenant AND s.run_id = :run AND s.member_ref = l.member_ref
                LEFT JOIN member m ON m.tenant_id = :tenant AND m.ref = l.member_ref
                ORDER BY l.total DESC, l.member_ref COLLATE "C\"""".formatted(LARGEST)).bind("run", run.id)
                .list(r -> new RunFigures.Payee(r.getString(1), r.getString(2), r.getLong(3)));
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
}
