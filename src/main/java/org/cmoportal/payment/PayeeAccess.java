package org.cmoportal.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.member.Member;
import org.cmoportal.tenancy.TenantContext;

/**
 * Who may act on a member's payee details: the person holding the ref, or an administrator of the CMO. Anyone else
 * gets the answer for a member that does not exist (404), as every route does for another party's object.
 */
@ApplicationScoped
class PayeeAccess {

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
        return existing(ref);
    }

    /** The member holding {@code ref}, when the caller holds it (an administrator does not act for the member here). */
    Member holder(String ref) {
        if (!holds(ref)) {
            throw notFound(ref);
        }
        return existing(ref);
    }

    static Member existing(String ref) {
        Member m = ref == null ? null : Member.findByRef(ref);
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
