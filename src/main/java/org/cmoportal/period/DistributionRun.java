package org.cmoportal.period;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.TenantOwned;

/** A period's distribution run: its totals in minor units; its lines are in run_line, computed by {@link RunCalculator}. */
@Entity
@Table(name = "distribution_run")
public class DistributionRun extends TenantOwned {

    /** CURRENT until discarded or distributed; a distributed run is final (enforced in the database). */
    public enum Status { CURRENT, DISCARDED, DISTRIBUTED }

    @Column(name = "period_id", nullable = false, updatable = false)
    public Long periodId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.CURRENT;

    @Column(name = "calculated_by", nullable = false, updatable = false)
    public String calculatedBy;

    @Column(name = "calculated_at", nullable = false, insertable = false, updatable = false)
    public Instant calculatedAt;

    @Column(name = "tenant_gross", nullable = false)
    public long tenantGross;

    @Column(nullable = false)
    public long fees;

    @Column(nullable = false)
    public long paid;

    @Column(nullable = false)
    public long suspense;

    @Column(nullable = false)
    public int filings;

    @Column(nullable = false)
    public long lines;

    @Column(name = "discarded_by")
    public String discardedBy;

    @Column(name = "discarded_at")
    public Instant discardedAt;

    @Column(name = "distributed_at")
    public Instant distributedAt;

    /** The period's run that is not discarded (at most one, by a unique index), or null. */
    public static DistributionRun live(long periodId) {
        return find("periodId = ?1 and status <> ?2", periodId, Status.DISCARDED).firstResult();
    }
}
