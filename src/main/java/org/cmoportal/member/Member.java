package org.cmoportal.member;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.TenantOwned;

/** A creator, publisher or guild that a CMO pays, known by its member ref (compared exactly). */
@Entity
@Table(name = "member")
public class Member extends TenantOwned {

    @Column(nullable = false)
    public String ref;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public static Member findByRef(String ref) {
        return find("ref", ref).firstResult();
    }
}
