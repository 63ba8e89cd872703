package org.cmoportal.member;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.tenancy.TenantContext;

/**
 * Who may act on a member's own things (payee details, AI preferences, ...): the person holding the ref, or an
 * administrator of the CMO. Anyone else gets the answer for a member that does not exist (404), as every route does
 * for another party's object.
 */
@ApplicationScoped
public class MemberAccess {

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    public boolean isAdmin() {
        return user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
    }

    public boolean holds(String ref) {
        return ref != null && user.hasRole(Roles.MEMBER) && user.affiliations().holdsRef(tenant.tenantId(), ref);
    }

    /** The member holding {@code ref}, when the caller holds it or administers the CMO; in a transaction. */
    public Member holderOrAdmin(String ref) {
        if (!(holds(ref) || isAdmin())) {
            throw notFound(ref);
        }
        return existing(ref);
    }

    /** The member holding {@code ref}, when the caller holds it (an administrator does not act for the member here). */
    public Member holder(String ref) {
        if (!holds(ref)) {
            throw notFound(ref);
        }
        return existing(ref);
    }

    public static Member existing(String ref) {
        Member m = ref == null ? null : Member.findByRef(ref);
        if (m == null) {
            throw notFound(ref);
        }
        return m;
    }

    public static DomainException notFound(String ref) {
        return DomainException.notFound("Member '" + ref + "'");
    }

    public String actor() {
        return user.actor();
    }
}
