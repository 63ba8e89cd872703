package org.cmoportal.tenancy;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which tenants exist and what they are called, for the checks and the layout of every request.
 *
 * <p>A tenant's id and name are set when it is created and never change, and tenants are never deleted,
 * so a name once found is kept for the life of the process (every instance reads the same row). A tenant
 * not found is not remembered: one created a moment later, perhaps by another instance, is found on the
 * next request.
 */
@ApplicationScoped
public class TenantNames {

    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    @Inject
    TenantSql sql;

    /** The tenant's name, or empty when no tenant has this id. Reads the database once per tenant. */
    public Optional<String> nameOf(String tenantId) {
        String known = names.get(tenantId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> read = read(tenantId);
        read.ifPresent(name -> names.putIfAbsent(tenantId, name));
        return read;
    }

    public boolean exists(String tenantId) {
        return nameOf(tenantId).isPresent();
    }

    private Optional<String> read(String tenantId) {
        // before the tenant is entered: checking that it exists is what lets a request enter it
        return sql.platform("SELECT name FROM tenant WHERE id = :id").bind("id", tenantId).one(rs -> rs.getString(1));
    }
}
