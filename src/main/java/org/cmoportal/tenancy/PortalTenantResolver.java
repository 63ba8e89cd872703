package org.cmoportal.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;

/** Gives Hibernate's discriminator filter the tenant of the current request (or none). */
@PersistenceUnitExtension
@ApplicationScoped
public class PortalTenantResolver implements TenantResolver {

    @Inject
    TenantContext context;

    /**
     * Off only in the test profile that proves row-level security holds on its own: every session
     * is then a Hibernate "root" session that sees all tenants, and PostgreSQL alone must refuse.
     */
    @ConfigProperty(name = "cmo.tenancy.hibernate-filter", defaultValue = "true")
    boolean filterEnabled;

    @Override
    public boolean isRoot(String tenantId) {
        return !filterEnabled;
    }

    @Override
    public String getDefaultTenantId() {
        return TenantContext.NONE;
    }

    @Override
    public String resolveTenantId() {
        if (!Arc.container().requestContext().isActive() || !context.isSet()) {
            return TenantContext.NONE;
        }
        return context.tenantId();
    }
}
