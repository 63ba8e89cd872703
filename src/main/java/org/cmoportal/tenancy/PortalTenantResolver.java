package org.cmoportal.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;

/** Gives Hibernate's discriminator filter the tenant of the current request (or none). */
@PersistenceUnitExtension
@ApplicationScoped
public class PortalTenantResolver implements TenantResolver {

    @Inject
    TenantContext context;

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
