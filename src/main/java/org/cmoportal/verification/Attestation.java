package org.cmoportal.verification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.tenancy.TenantOwned;
import org.cmoportal.valuation.Valuations;

/** An evaluator's attestation of a filing's figures, bound to the filing's content hash; voided, never edited. */
@Entity
@Table(name = "attestation")
public class Attestation extends TenantOwned {

    @Column(name = "filing_id", nullable = false, updatable = false)
    public Long filingId;

    @Column(name = "evaluator_id", nullable = false, updatable = false)
    public Long evaluatorId;

    /** The filing's content hash when it was attested: a different hash means different content. */
    @Column(name = "filing_sha256", nullable = false, updatable = false)
    public String filingSha256;

    @Column(name = "verified_share", nullable = false, updatable = false)
    public boolean verifiedShare;

    @Column(name = "verified_mixture", nullable = false, updatable = false)
    public boolean verifiedMixture;

    @Column(name = "verified_operating_profit", nullable = false, updatable = false)
    public boolean verifiedOperatingProfit;

    @Column(nullable = false, updatable = false)
    public String method;

    @Column(name = "report_reference", nullable = false, updatable = false)
    public String reportReference;

    @Column(name = "evidence_sha256", nullable = false, updatable = false)
    public String evidenceSha256;

    @Column(name = "attested_by", nullable = false, updatable = false)
    public String attestedBy;

    @Column(name = "attested_at", nullable = false, insertable = false, updatable = false)
    public Instant attestedAt;

    /** The scaling-law valuation the attestation carries, all or none (V14): the fit's method, constants and the sizes. */
    @Column(name = "valuation_method", updatable = false)
    public String valuationMethod;

    @Column(name = "valuation_e", updatable = false)
    public Double valuationE;

    @Column(name = "valuation_a", updatable = false)
    public Double valuationA;

    @Column(name = "valuation_alpha", updatable = false)
    public Double valuationAlpha;

    @Column(name = "valuation_b", updatable = false)
    public Double valuationB;

    @Column(name = "valuation_beta", updatable = false)
    public Double valuationBeta;

    @Column(name = "valuation_n", updatable = false)
    public Double valuationN;

    @Column(name = "valuation_d", updatable = false)
    public Double valuationD;

    @Column(name = "valuation_n0", updatable = false)
    public Double valuationN0;

    @Column(name = "valuation_d0", updatable = false)
    public Double valuationD0;

    @Column(name = "valuation_share", precision = 7, scale = 6, updatable = false)
    public BigDecimal valuationShare;

    /** SHA-256 of the valuation's canonical text when it was attested: the attestation is bound to it. */
    @Column(name = "valuation_sha256", updatable = false)
    public String valuationSha256;

    @Column(name = "voided_at")
    public Instant voidedAt;

    @Column(name = "void_reason")
    public String voidReason;

    public boolean voided() {
        return voidedAt != null;
    }

    /** Carries the valuation: every input, the share computed and its digest, as they were when attested. */
    void carry(ScalingLaw.Valuation v) {
        valuationMethod = v.fit().method();
        valuationE = v.fit().e();
        valuationA = v.fit().a();
        valuationAlpha = v.fit().alpha();
        valuationB = v.fit().b();
        valuationBeta = v.fit().beta();
        valuationN = v.n();
        valuationD = v.d();
        valuationN0 = v.n0();
        valuationD0 = v.d0();
        valuationShare = v.share().toBigDecimal();
        valuationSha256 = v.sha256();
    }

    public boolean hasValuation() {
        return valuationSha256 != null;
    }

    /** The valuation computed again from the stored inputs, or empty without one (or with inputs no longer valid). */
    public Optional<ScalingLaw.Valuation> valuation() {
        return Valuations.stored(valuationMethod, valuationE, valuationA, valuationAlpha, valuationB, valuationBeta, valuationN, valuationD,
                valuationN0, valuationD0);
    }

    /**
     * Whether the valuation is the one attested: none, or its inputs computed again give the stored share and the
     * digest the attestation was bound to. A changed valuation unbinds the attestation as a changed filing does.
     */
    public boolean valuationIntact() {
        return !hasValuation() || valuation().filter(v -> v.sha256().equals(valuationSha256)
                && v.share().toBigDecimal().compareTo(valuationShare) == 0).isPresent();
    }

    public List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        if (verifiedOperatingProfit) {
            figures.add(Figure.OPERATING_PROFIT);
        }
        if (verifiedShare) {
            figures.add(Figure.DATA_VALUE_SHARE);
        }
        if (verifiedMixture) {
            figures.add(Figure.MIXTURE);
        }
        return figures;
    }

    public static List<Attestation> ofFiling(long filingId) {
        return list("filingId = ?1 order by id", filingId);
    }
}
