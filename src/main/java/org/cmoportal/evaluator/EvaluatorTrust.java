package org.cmoportal.evaluator;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/**
 * A tenant's trust in an evaluator organisation: its attestations count there, and its users may see
 * the tenant's filings that name it. Read by both parties, so identity data like a licence.
 */
@Entity
@Table(name = "evaluator_trust")
public class EvaluatorTrust extends Keyed {

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "evaluator_id", nullable = false)
    public Long evaluatorId;

    @Column(name = "granted_by", nullable = false)
    public String grantedBy;

    @Column(name = "granted_at", nullable = false, insertable = false, updatable = false)
    public Instant grantedAt;

    public static boolean exists(String tenantId, Long evaluatorId) {
        return count("tenantId = ?1 and evaluatorId = ?2", tenantId, evaluatorId) > 0;
    }
}
