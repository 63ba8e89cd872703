package org.cmoportal.organisation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/**
 * A builder organisation's licence to file with a tenant.
 *
 * <p>Both parties read it (the CMO lists its licensees, the builder its CMOs), so it is identity data
 * like an affiliation, not tenant-owned data: queries name the tenant or the builder explicitly.
 */
@Entity
@Table(name = "licence")
public class Licence extends Keyed {

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "builder_id", nullable = false)
    public Long builderId;

    @Column(name = "granted_by", nullable = false)
    public String grantedBy;

    @Column(name = "granted_at", nullable = false, insertable = false, updatable = false)
    public Instant grantedAt;

    public static boolean exists(String tenantId, Long builderId) {
        return count("tenantId = ?1 and builderId = ?2", tenantId, builderId) > 0;
    }
}
