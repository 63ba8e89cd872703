package org.cmoportal.verification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.TenantOwned;

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

    @Column(name = "voided_at")
    public Instant voidedAt;

    @Column(name = "void_reason")
    public String voidReason;

    public boolean voided() {
        return voidedAt != null;
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
