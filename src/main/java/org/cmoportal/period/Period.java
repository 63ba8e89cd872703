package org.cmoportal.period;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.cmoportal.tenancy.TenantOwned;

/** A tenant's accounting period (for example 2026-Q3), moving from OPEN to DISTRIBUTED. */
@Entity
@Table(name = "period")
public class Period extends TenantOwned {

    /** The states of economics.md, "The period", in order. */
    public enum State { OPEN, CLOSED, CALCULATED, APPROVED, DISTRIBUTED }

    @Column(nullable = false)
    public String label;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state = State.OPEN;

    /** Optimistic lock: two administrators acting on one period at once cannot both win. */
    @Version
    public int version;

    @Column(name = "opened_by", nullable = false)
    public String openedBy;

    @Column(name = "opened_at", nullable = false, insertable = false, updatable = false)
    public Instant openedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "calculated_by")
    public String calculatedBy;

    @Column(name = "calculated_at")
    public Instant calculatedAt;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "distributed_by")
    public String distributedBy;

    @Column(name = "distributed_at")
    public Instant distributedAt;

    public static Period findByLabel(String label) {
        return find("label", label).firstResult();
    }
}
