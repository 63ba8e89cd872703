package org.cmoportal.organisation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.identity.TenantGrant;

/**
 * A builder organisation's licence to file with a tenant.
 *
 * <p>Both parties read it (the CMO lists its licensees, the builder its CMOs), so it is identity data
 * like an affiliation, not tenant-owned data: queries name the tenant or the builder explicitly.
 */
@Entity
@Table(name = "licence")
public class Licence extends TenantGrant {

    @Column(name = "builder_id", nullable = false)
    public Long builderId;

    public static boolean exists(String tenantId, Long builderId) {
        return count("tenantId = ?1 and builderId = ?2", tenantId, builderId) > 0;
    }
}
