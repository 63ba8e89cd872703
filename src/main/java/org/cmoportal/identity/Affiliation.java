package org.cmoportal.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/**
 * Where a person may use a role: admin of a tenant, user of a builder or evaluator, holder of a member ref.
 * A builder organisation's user may also administer it ({@link #orgAdmin}): add and remove its users.
 */
@Entity
@Table(name = "affiliation")
public class Affiliation extends Keyed {

    public enum Kind { TENANT_ADMIN, BUILDER_USER, MEMBER, EVALUATOR_USER }

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "builder_id")
    public Long builderId;

    @Column(name = "evaluator_id")
    public Long evaluatorId;

    @Column(name = "member_ref")
    public String memberRef;

    /** Only on a BUILDER_USER row: this user also manages who belongs to the organisation. */
    @Column(name = "org_admin", nullable = false)
    public boolean orgAdmin;

    public static Affiliation of(Long userId, Kind kind) {
        Affiliation a = new Affiliation();
        a.userId = userId;
        a.kind = kind;
        return a;
    }
}
