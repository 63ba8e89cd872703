package org.cmoportal.tenant;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A CMO using the portal. Its id is the slug in every URL; everything it produces is isolated by it. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    /** economics.md's defaults for a new tenant (V17 gives existing tenants the same). */
    public static final int DEFAULT_SUSPENSE_HOLD_MONTHS = 36;
    public static final int DEFAULT_DISPUTE_WINDOW_DAYS = 270;

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String currency;

    @Column(name = "admin_fee_rate", nullable = false, precision = 7, scale = 6)
    public BigDecimal adminFeeRate;

    @Column(name = "share_min", nullable = false, precision = 7, scale = 6)
    public BigDecimal shareMin;

    @Column(name = "share_max", nullable = false, precision = 7, scale = 6)
    public BigDecimal shareMax;

    @Column(name = "requires_attestation", nullable = false)
    public boolean requiresAttestation;

    /**
     * How far a filed data-value share may stand from an attested scaling-law valuation before the period board flags
     * it (V14; the column's default for tenants created before it).
     */
    @Column(name = "valuation_tolerance", nullable = false, precision = 7, scale = 6)
    public BigDecimal valuationTolerance = DEFAULT_VALUATION_TOLERANCE;

    /** 0.02: two share points (docs/verification.md says why). */
    public static final BigDecimal DEFAULT_VALUATION_TOLERANCE = new BigDecimal("0.020000");

    /** The smallest balance a payment run pays, in minor units (economics.md, "Payment runs"). */
    @Column(name = "minimum_payout", nullable = false)
    public long minimumPayout = 0;

    /** How long suspense is held before it may be released (economics.md, "Suspense: claims and ageing"). */
    @Column(name = "suspense_hold_months", nullable = false)
    public int suspenseHoldMonths = DEFAULT_SUSPENSE_HOLD_MONTHS;

    /** How long after a distribution a member may dispute a statement line (economics.md, "Disputes"). */
    @Column(name = "dispute_window_days", nullable = false)
    public int disputeWindowDays = DEFAULT_DISPUTE_WINDOW_DAYS;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;
}
