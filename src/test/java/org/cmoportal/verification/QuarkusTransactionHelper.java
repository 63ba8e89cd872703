package org.cmoportal.verification;

import java.util.List;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reads the platform's audit chain (no tenant) for assertions. */
final class QuarkusTransactionHelper {

    private QuarkusTransactionHelper() {
    }

    @SuppressWarnings("unchecked")
    static List<String> platformActions(EntityManager em) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object>) em.createNativeQuery(
                "SELECT action FROM audit_event WHERE tenant_id IS NULL ORDER BY seq").getResultList()).stream()
                .map(Object::toString).toList());
    }
}
