package org.cmoportal.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantSql;

/**
 * The tenant's distributed periods, the only ones with statement lines, as the values a read of {@code run_line} (or of
 * {@code statement_line} over it) names in {@code period_id = ANY (:periods)}: named as values, they let PostgreSQL plan
 * only those periods' partitions, not every period's of every tenant (V30; performance.md "Partitions"). A read by a
 * line or ref alone names no period, so it looks in each of these (one index probe a partition).
 *
 * <p>Here, below every feature that reads lines (disputes, suspense, statements, stakes), so that they share one reader;
 * it reads the stored {@code distribution_run} rows through {@code TenantSql}, as the account reads the period's rows,
 * without asking {@code period/}, which sits above.
 */
@ApplicationScoped
public class DistributedPeriods {

    @Inject
    TenantSql sql;

    /** The ids of the entered tenant's distributed periods (none: an empty array, which {@code ANY} matches nothing in). */
    public Long[] ids() {
        return sql.sql("SELECT period_id FROM distribution_run WHERE tenant_id = :tenant AND status = 'DISTRIBUTED'")
                .list(rs -> rs.getLong(1)).toArray(Long[]::new);
    }
}
