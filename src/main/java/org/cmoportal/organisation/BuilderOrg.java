package org.cmoportal.organisation;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.identity.SluggedOrg;

/** A model builder organisation; its users file with the tenants that license it. */
@Entity
@Table(name = "builder_org")
public class BuilderOrg extends SluggedOrg {

    public static BuilderOrg findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }
}
