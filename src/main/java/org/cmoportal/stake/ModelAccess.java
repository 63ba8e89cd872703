package org.cmoportal.stake;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.tenancy.TenantContext;

/**
 * Who may act on a model's stakes beyond what {@code @TenantAccess} checked: a builder only on the models its own
 * organisations filed here (another builder's model answers 404, as anything of someone else's), a member only
 * through the refs it holds.
 */
@ApplicationScoped
public class ModelAccess {

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    @Inject
    StakeRegister register;

    /** The caller's organisation that filed the model here; 404 when none did (or the model was never filed here). */
    public long requireOwnModel(String model) {
        StakeRegister.Model m = register.model(model).orElseThrow(() -> DomainException.notFound("The model named in the address"));
        Set<Long> mine = user.affiliations().builderIds();
        return m.builderIds().stream().filter(mine::contains).findFirst()
                .orElseThrow(() -> DomainException.notFound("The model named in the address"));
    }

    /** Whether the caller is a user of an organisation that filed the model. */
    public boolean buildsModel(StakeRegister.Model m) {
        Set<Long> mine = builderIds();
        return m.builderIds().stream().anyMatch(mine::contains);
    }

    /** The organisations whose models the caller builds: its own, and none unless it signs in as a builder. */
    public Set<Long> builderIds() {
        return user.hasRole(Roles.BUILDER) ? user.affiliations().builderIds() : Set.of();
    }

    public boolean administers() {
        return user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
    }

    public String actor() {
        return user.actor();
    }

    /** The refs the caller holds here, as a member. */
    public Set<String> refs() {
        return user.hasRole(Roles.MEMBER) ? user.affiliations().memberRefsIn(tenant.tenantId()) : Set.of();
    }

    /** A ref's data: an administrator's, or the member's holding it; anyone else's is 404. */
    public void requireRef(String ref) {
        if (!administers() && !refs().contains(ref)) {
            throw DomainException.notFound("Member '" + ref + "'");
        }
    }
}
