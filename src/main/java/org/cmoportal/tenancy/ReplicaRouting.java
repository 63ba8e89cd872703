package org.cmoportal.tenancy;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Sends a {@link ReadsReplica} read to the replica when it is fit, for the duration of the call. It runs before the
 * transaction interceptor, so the read's own transactions start inside it; a call made inside a transaction that is
 * already running is part of work that may write, and keeps reading the primary.
 */
@ReadsReplica
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class ReplicaRouting {

    @Inject
    Replica replica;

    @Inject
    RecentWrites recentWrites;

    @AroundInvoke
    Object route(InvocationContext call) throws Exception {
        if (ReplicaRead.current() != null || QuarkusTransaction.isActive()) {
            return call.proceed();
        }
        if (replica.choose(recentWrites.lastWrite()) != Replica.Route.REPLICA) {
            return call.proceed();
        }
        try (ReplicaRead read = ReplicaRead.open(replica)) {
            return call.proceed();
        }
    }
}
