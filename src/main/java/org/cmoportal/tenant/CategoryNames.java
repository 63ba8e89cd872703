package org.cmoportal.tenant;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;

/**
 * The names of a tenant's data categories, for pages that list many lines (a statement joins every line to
 * its category's name, which cost a third of the statement query).
 *
 * <p>A category's key and name are set when it is created and never change, so names are kept for the life
 * of the process; a key not yet known (a category added since) reads the tenant's categories again. Reads
 * go through the caller's transaction, inside the tenant, so row-level security applies as everywhere.
 */
@ApplicationScoped
public class CategoryNames {

    private final ConcurrentHashMap<String, Map<String, String>> byTenant = new ConcurrentHashMap<>();

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    /** The category's name in the entered tenant, or its key when the tenant has no such category. */
    public String nameOf(String key) {
        String tenantId = tenant.tenantId();
        Map<String, String> names = byTenant.get(tenantId);
        if (names == null || !names.containsKey(key)) {
            names = read();
            if (!names.isEmpty()) {
                byTenant.put(tenantId, names);
            }
        }
        return names.getOrDefault(key, key);
    }

    private Map<String, String> read() {
        Map<String, String> names = new HashMap<>();
        sql.sql("SELECT key, name FROM category WHERE tenant_id = :tenant").list(rs -> names.put(rs.getString(1), rs.getString(2)));
        return Map.copyOf(names);
    }
}
