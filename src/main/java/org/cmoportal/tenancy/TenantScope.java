package org.cmoportal.tenancy;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a block of work in one tenant, in a transaction of its own.
 *
 * <p>For the few places that work across tenants for one person (a member's statements in every
 * CMO, a builder's filings, demo data): each tenant gets its own transaction, so both isolation
 * layers stay on.
 */
@ApplicationScoped
public class TenantScope {

    @Inject
    TenantContext context;

    public <T> T call(String tenantId, Supplier<T> work) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        String previous = context.tenantId();
        try {
            context.set(tenantId);
            return QuarkusTransaction.requiringNew().call(work::get);
        } finally {
            context.set(previous);
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    /**
     * Runs platform-wide work (no tenant entered: row-level security shows no tenant's rows) in a transaction of its
     * own, from any thread: a scheduler's, or one with no request at all.
     */
    public <T> T platform(Supplier<T> work) {
        return call(null, work);
    }

    public void run(String tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
