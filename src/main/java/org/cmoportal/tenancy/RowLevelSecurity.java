package org.cmoportal.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionScoped;

import io.quarkus.arc.Arc;

/**
 * Tells PostgreSQL the tenant at the start of every transaction, for row-level security.
 *
 * <p>{@code set_config(..., true)} is local to the transaction, so a pooled connection never carries a
 * tenant into the next request. Within a JTA transaction the data source hands out the same connection
 * that Hibernate will use.
 */
@ApplicationScoped
public class RowLevelSecurity {

    @Inject
    DataSource dataSource;

    @Inject
    TenantContext context;

    @Inject
    TransactionManager transactions;

    private String currentTenant() {
        try {
            return Arc.container().requestContext().isActive() && context.isSet() ? context.tenantId() : "";
        } catch (ContextNotActiveException e) {
            return ""; // no request (start-up work): no tenant, so row-level security shows no tenant's rows
        }
    }

    void onBegin(@Observes @Initialized(TransactionScoped.class) Object event) {
        String tenant = currentTenant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            st.setString(1, tenant);
            st.execute();
        } catch (SQLException | RuntimeException e) {
            // The transaction has begun and is the thread's: the caller's begin() fails with this exception but
            // ends nothing, so a worker thread would keep it, and its next request would join it without a tenant
            // told to the database (found nothing, wrote nothing). End it here.
            try {
                transactions.rollback();
            } catch (Exception rollback) {
                e.addSuppressed(rollback);
            }
            throw new IllegalStateException("Could not set the tenant for row-level security", e);
        }
    }
}
