package org.cmoportal.filing;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.cmoportal.tenancy.TenantOwned;

/** One submission of a builder's filing for a model and period to one CMO; resubmissions are numbered by {@code seq}. */
@Entity
@Table(name = "filing")
public class Filing extends TenantOwned {

    /** SUBMITTED when new; SUPERSEDED by a resubmission while the period is open; ACCEPTED or REJECTED on review. */
    public enum Status { SUBMITTED, ACCEPTED, REJECTED, SUPERSEDED }

    @Column(name = "period_id", nullable = false)
    public Long periodId;

    @Column(name = "builder_id", nullable = false)
    public Long builderId;

    @Column(nullable = false)
    public String model;

    @Column(nullable = false)
    public int seq;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public long revenue;

    @Column(name = "serving_cost", nullable = false)
    public long servingCost;

    @Column(name = "post_training_cost", nullable = false)
    public long postTrainingCost;

    @Column(name = "data_value_share", nullable = false, precision = 7, scale = 6)
    public BigDecimal dataValueShare;

    @Column(name = "operating_profit", nullable = false)
    public long operatingProfit;

    @Column(nullable = false)
    public long pool;

    @Column(name = "tenant_gross", nullable = false)
    public long tenantGross;

    @Column(name = "share_flagged", nullable = false)
    public boolean shareFlagged;

    @Column(name = "attestation_evaluator")
    public String attestationEvaluator;

    @Column(name = "attestation_reference")
    public String attestationReference;

    @Column(name = "attestation_sha256")
    public String attestationSha256;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(name = "usage_sha256")
    public String usageSha256;

    @Column(name = "usage_lines")
    public Long usageLines;

    @Column(name = "supersedes_id")
    public Long supersedesId;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;

    @Column(name = "submitted_at", nullable = false, updatable = false)
    public Instant submittedAt;

    @Column(name = "review_note")
    public String reviewNote;

    @Column(name = "reviewed_by")
    public String reviewedBy;

    @Column(name = "reviewed_at")
    public Instant reviewedAt;

    /** Optimistic lock: a review and a resubmission racing on the same filing cannot both win. */
    @Version
    public int version;
}
