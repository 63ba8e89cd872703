package org.cmoportal.verification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/**
 * A builder's commitment to a model's mixture digest, made before any period's figures exist.
 * The builder's, not a CMO's: identity-like, always queried by builder id.
 */
@Entity
@Table(name = "mixture_commitment")
public class MixtureCommitment extends Keyed {

    @Column(name = "builder_id", nullable = false, updatable = false)
    public Long builderId;

    @Column(nullable = false, updatable = false)
    public String model;

    @Column(name = "mixture_sha256", nullable = false, updatable = false)
    public String mixtureSha256;

    @Column(updatable = false)
    public String note;

    @Column(name = "committed_by", nullable = false, updatable = false)
    public String committedBy;

    @Column(name = "committed_at", nullable = false, insertable = false, updatable = false)
    public Instant committedAt;
}
