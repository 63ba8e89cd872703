package org.cmoportal.identity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import org.cmoportal.tenancy.Keyed;

/** An organisation people belong to (a builder or an evaluator), known across tenants by its unique slug. */
@MappedSuperclass
public abstract class SluggedOrg extends Keyed {

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;
}
