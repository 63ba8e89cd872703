package org.cmoportal.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A read marked for the replica, as a page is, that says where it ran and what row-level security showed there. */
@ApplicationScoped
public class ReplicaProbe {

    /** The connection's name, the tenant row-level security holds, and the statements the tenant's rows count. */
    public record Seen(String applicationName, String tenantBound, long statements) {
    }

    @Inject
    TenantScope scope;

    @Inject
    TenantSql sql;

    @ReadsReplica
    public Seen read(String tenant) {
        return scope.call(tenant, () -> sql.sql("""
                SELECT current_setting('application_name'), current_setting('app.tenant_id', true),
                       (SELECT count(*) FROM statement WHERE tenant_id = :tenant OR tenant_id <> :tenant)""")
                .single(rs -> new Seen(rs.getString(1), rs.getString(2), rs.getLong(3))));
    }
}
