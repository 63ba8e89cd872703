package org.cmoportal.organisation;

import java.util.Collection;

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

    /** Whether the tenant licenses any of the organisations given: one query, whatever their number. */
    public static boolean existsAny(String tenantId, Collection<Long> builderIds) {
        return !builderIds.isEmpty() && count("tenantId = ?1 and builderId in ?2", tenantId, builderIds) > 0;
    }
}
