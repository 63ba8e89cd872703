package org.cmoportal.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import org.hibernate.annotations.TenantId;

/** A row a tenant owns: Hibernate fills and filters its tenant id from the current tenant, never the code. */
@MappedSuperclass
public abstract class TenantOwned extends Keyed {

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
}
