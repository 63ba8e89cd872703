package org.cmoportal.identity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.cmoportal.tenancy.Keyed;

/** A person known to the portal by the username their identity provider gives. */
@Entity
@Table(name = "app_user")
public class AppUser extends Keyed {

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public static AppUser findByUsername(String username) {
        return find("username", username).firstResult();
    }

    /** Users are created on first sight: an administrator may name someone who has not logged in yet. */
    public static AppUser findOrCreate(String username) {
        AppUser user = findByUsername(username);
        if (user == null) {
            user = new AppUser();
            user.username = username;
            user.persistAndFlush();
        }
        return user;
    }
}
