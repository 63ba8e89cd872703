package org.cmoportal.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;

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
    DataSource dataSource;

    /** The category's name, or its key when the tenant has no such category. The caller has entered the tenant. */
    public String nameOf(String tenantId, String key) {
        Map<String, String> names = byTenant.get(tenantId);
        if (names == null || !names.containsKey(key)) {
            names = read(tenantId);
            if (!names.isEmpty()) {
                byTenant.put(tenantId, names);
            }
        }
        return names.getOrDefault(key, key);
    }

    private Map<String, String> read(String tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT key, name FROM category WHERE tenant_id = ?")) {
            st.setString(1, tenantId);
            Map<String, String> names = new HashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
            return Map.copyOf(names);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the categories of " + tenantId, e);
        }
    }
}
