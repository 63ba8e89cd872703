package org.cmoportal.evaluator;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.identity.SluggedOrg;

/** An independent evaluator organisation (such as METR) that attests builders' figures. */
@Entity
@Table(name = "evaluator_org")
public class EvaluatorOrg extends SluggedOrg {

    public static EvaluatorOrg findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }

    /** Whether a filing's {@code attestation.evaluator} names this organisation: its slug or name, in any case. */
    public boolean isNamedBy(String named) {
        return named != null && (named.strip().equalsIgnoreCase(slug) || named.strip().equalsIgnoreCase(name));
    }
}
