package org.cmoportal.identity;

import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.cmoportal.error.DomainException;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantNames;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.arc.All;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Enters the tenant named by a route's {@code {tenant}} path parameter, after checking who is asking.
 *
 * <p>A caller with none of the roles the route allows gets 403; one with the role but no affiliation
 * with this tenant gets 404, exactly as for a tenant that does not exist, so nothing leaks. A route
 * with a {@code {tenant}} parameter and no {@link TenantAccess} is refused: access is never implicit.
 */
public class TenantAccessFilter {

    public static final String TENANT_PARAM = "tenant";

    @Inject
    CurrentUser user;

    @Inject
    TenantContext context;

    @Inject
    TenantNames tenants;

    /** Licensed builders and trusted evaluators, answered by the features that own licences and trust. */
    @Inject
    @All
    List<PartyCheck> checks;

    @ServerRequestFilter
    public void enterTenant(ContainerRequestContext request, ResourceInfo resource) {
        String tenantId = request.getUriInfo().getPathParameters().getFirst(TENANT_PARAM);
        if (tenantId == null) {
            return;
        }
        TenantAccess access = annotation(resource);
        if (access == null) {
            throw new IllegalStateException(resource.getResourceClass().getName() + "#"
                    + resource.getResourceMethod().getName() + " takes a tenant but declares no @TenantAccess");
        }
        if (user.isAnonymous()) {
            return; // the HTTP permission layer has already asked for a login
        }
        if (Arrays.stream(access.value()).noneMatch(p -> user.hasRole(p.role))) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "forbidden",
                    "Your role does not allow this. Sign in with an account that has one of the roles "
                            + Arrays.stream(access.value()).map(p -> p.role).distinct().toList() + ".");
        }
        if (!tenants.exists(tenantId) || Arrays.stream(access.value()).noneMatch(p -> user.hasRole(p.role) && isParty(p, tenantId))) {
            throw DomainException.notFound("Tenant '" + tenantId + "'");
        }
        context.enter(tenantId);
    }

    private boolean isParty(Party party, String tenantId) {
        Affiliations a = user.affiliations();
        return switch (party) {
            case ADMIN -> a.administers(tenantId);
            case MEMBER -> !a.memberRefsIn(tenantId).isEmpty();
            case OPERATOR -> true;
            case LICENSED_BUILDER -> !a.builderIds().isEmpty() && checked(party, a, tenantId);
            case EVALUATOR -> !a.evaluatorIds().isEmpty() && checked(party, a, tenantId);
        };
    }

    /** Fails closed: a party no feature answers for is nobody. */
    private boolean checked(Party party, Affiliations a, String tenantId) {
        return checks.stream().filter(c -> c.party() == party).findFirst()
                .map(c -> QuarkusTransaction.joiningExisting().call(() -> c.isParty(a, tenantId))).orElse(false);
    }

    private static TenantAccess annotation(ResourceInfo resource) {
        TenantAccess onMethod = resource.getResourceMethod().getAnnotation(TenantAccess.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(TenantAccess.class);
    }
}
