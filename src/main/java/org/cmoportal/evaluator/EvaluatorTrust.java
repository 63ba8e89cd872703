package org.cmoportal.evaluator;

import java.util.Collection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.identity.TenantGrant;

/**
 * A tenant's trust in an evaluator organisation: its attestations count there, and its users may see
 * the tenant's filings that name it. Read by both parties, so identity data like a licence.
 */
@Entity
@Table(name = "evaluator_trust")
public class EvaluatorTrust extends TenantGrant {

    @Column(name = "evaluator_id", nullable = false)
    public Long evaluatorId;

    public static boolean exists(String tenantId, Long evaluatorId) {
        return count("tenantId = ?1 and evaluatorId = ?2", tenantId, evaluatorId) > 0;
    }

    /** Whether the tenant trusts any of the evaluators given: one query, whatever their number. */
    public static boolean existsAny(String tenantId, Collection<Long> evaluatorIds) {
        return !evaluatorIds.isEmpty() && count("tenantId = ?1 and evaluatorId in ?2", tenantId, evaluatorIds) > 0;
    }
}
