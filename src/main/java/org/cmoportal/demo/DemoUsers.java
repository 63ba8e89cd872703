package org.cmoportal.demo;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantContext;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * Runs a block of the demo's history as one of the demo's people, in a request of its own: the services see that
 * person exactly as after signing in (the name, the roles the sign-in page gives them, their affiliations read from
 * the database by {@code CurrentUser}), so every rule a person meets in the pages holds for the demo too: the second
 * administrator of a four-eyes step must be another person, a member reaches only their own refs, an evaluator only
 * the filings addressed to it.
 */
@ApplicationScoped
public class DemoUsers {

    /**
     * Each demo person's roles, as the local sign-in page and the bundled Keycloak give them
     * ({@code quarkus.oidc.devservices.roles.*}; {@code DemoHistoryTest} holds the two together).
     */
    public static final Map<String, String> ROLES = Map.ofEntries(
            Map.entry("olivia", "operator"),
            Map.entry("nadia", "cmo-admin"), Map.entry("noah", "cmo-admin"),
            Map.entry("cora", "cmo-admin"), Map.entry("colin", "cmo-admin"),
            Map.entry("bruno", "builder"), Map.entry("lena", "builder"),
            Map.entry("alice", "member"), Map.entry("bob", "member"), Map.entry("carol", "member"),
            Map.entry("dave", "member"), Map.entry("erin", "member"),
            Map.entry("eva", "auditor"));

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    TenantContext tenant;

    /** {@code work} as {@code username}, in {@code tenantId} (null: no tenant, as on the operator's pages). */
    public <T> T call(String username, String tenantId, Supplier<T> work) {
        String role = ROLES.get(username);
        if (role == null) {
            throw new IllegalArgumentException(username + " is not one of the demo's people");
        }
        ManagedContext request = Arc.container().requestContext();
        // a fresh request per block, as each click is: nothing read for one person is seen by the next
        InjectableContext.ContextState outer = request.isActive() ? request.getState() : null;
        if (outer != null) {
            request.deactivate();
        }
        request.activate();
        try {
            identities.setIdentity(identity(username, role));
            if (tenantId != null) {
                tenant.enter(tenantId);
            }
            return work.get();
        } finally {
            request.terminate();
            if (outer != null) {
                request.activate(outer);
            }
        }
    }

    public void run(String username, String tenantId, Runnable work) {
        call(username, tenantId, () -> {
            work.run();
            return null;
        });
    }

    private static SecurityIdentity identity(String username, String role) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(username)).addRoles(Set.of(role))
                .setAnonymous(false).build();
    }
}
