package org.cmoportal.tenancy;

import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant the current request acts in; read by Hibernate's tenant filter and by row-level security.
 *
 * <p>It is set once per request by {@link org.cmoportal.identity.TenantAccessFilter} from the path,
 * after checking the caller's affiliation, or for a block of work by {@link TenantScope}.
 */
@RequestScoped
public class TenantContext {

    /** What Hibernate and PostgreSQL see when no tenant is set: a key no tenant can have. */
    public static final String NONE = "-";

    private String tenantId;

    public String tenantId() {
        return tenantId;
    }

    public boolean isSet() {
        return tenantId != null;
    }

    void set(String tenantId) {
        this.tenantId = tenantId;
    }

    public void enter(String tenantId) {
        set(tenantId);
    }
}
