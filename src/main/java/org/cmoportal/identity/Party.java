package org.cmoportal.identity;

/** The kinds of people that may act in a tenant, each needing a role and an affiliation. */
public enum Party {
    /** cmo-admin role and admin of the tenant. */
    ADMIN(Roles.CMO_ADMIN),
    /** builder role and a user of an organisation licensed with the tenant. */
    LICENSED_BUILDER(Roles.BUILDER),
    /** member role and the holder of at least one member ref in the tenant. */
    MEMBER(Roles.MEMBER),
    /** operator role: runs the platform, may act on any tenant's set-up. */
    OPERATOR(Roles.OPERATOR),
    /** evaluator role and a user of an evaluator organisation the tenant trusts (each filing must also name it). */
    EVALUATOR(Roles.EVALUATOR);

    public final String role;

    Party(String role) {
        this.role = role;
    }
}
