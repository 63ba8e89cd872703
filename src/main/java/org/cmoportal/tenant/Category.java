package org.cmoportal.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.TenantOwned;

/** A data category a tenant administers (news, code, books...), with its distribution rule. */
@Entity
@Table(name = "category")
public class Category extends TenantOwned {

    /** How a category's net is split among member refs (economics.md, step 3). */
    public enum Rule { PRO_RATA_UNITS, EQUAL_SHARES }

    @Column(nullable = false)
    public String key;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Rule rule = Rule.PRO_RATA_UNITS;
}
