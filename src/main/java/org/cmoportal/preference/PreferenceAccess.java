package org.cmoportal.preference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.member.Member;
import org.cmoportal.tenancy.TenantContext;

/**
 * Who may read and set a member's preferences: the person holding the ref, or an administrator of the CMO. Anyone
 * else gets the answer for a member that does not exist (404).
 */
@ApplicationScoped
class PreferenceAccess {

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    boolean isAdmin() {
        return user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
    }

    boolean holds(String ref) {
        return ref != null && user.hasRole(Roles.MEMBER) && user.affiliations().holdsRef(tenant.tenantId(), ref);
    }

    /** The member holding {@code ref}, when the caller holds it or administers the CMO; in a transaction. */
    Member holderOrAdmin(String ref) {
        if (!(holds(ref) || isAdmin())) {
            throw notFound(ref);
        }
        Member m = Member.findByRef(ref);
        if (m == null) {
            throw notFound(ref);
        }
        return m;
    }

    static DomainException notFound(String ref) {
        return DomainException.notFound("Member '" + ref + "'");
    }

    String actor() {
        return user.actor();
    }
}
