package org.cmoportal.evaluator;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/** An independent evaluator organisation (such as METR) that attests builders' figures. */
@Entity
@Table(name = "evaluator_org")
public class EvaluatorOrg extends Keyed {

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public static EvaluatorOrg findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }

    /** Whether a filing's {@code attestation.evaluator} names this organisation: its slug or name, in any case. */
    public boolean isNamedBy(String named) {
        return named != null && (named.strip().equalsIgnoreCase(slug) || named.strip().equalsIgnoreCase(name));
    }
}
