package org.cmoportal.organisation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/** A model builder organisation; its users file with the tenants that license it. */
@Entity
@Table(name = "builder_org")
public class BuilderOrg extends Keyed {

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public static BuilderOrg findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }
}
