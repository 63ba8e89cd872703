package org.cmoportal.identity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import org.cmoportal.tenancy.Keyed;

/** A tenant's grant to an outside organisation; both parties read it, so the tenant is named, not discriminated. */
@MappedSuperclass
public abstract class TenantGrant extends Keyed {

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "granted_by", nullable = false)
    public String grantedBy;

    @Column(name = "granted_at", nullable = false, insertable = false, updatable = false)
    public Instant grantedAt;
}
