package org.cmoportal.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.TenantId;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A data category a tenant administers (news, code, books...), with its distribution rule. */
@Entity
@Table(name = "category")
public class Category extends PanacheEntityBase {

    /** How a category's net is split among member refs (economics.md, step 3). */
    public enum Rule { PRO_RATA_UNITS, EQUAL_SHARES }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(nullable = false)
    public String key;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Rule rule = Rule.PRO_RATA_UNITS;
}
