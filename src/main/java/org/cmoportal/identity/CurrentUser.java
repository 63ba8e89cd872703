package org.cmoportal.identity;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in person: roles from the token, affiliations from the database, read once per request. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    private Affiliations affiliations;

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public String username() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** Who the audit log and the records name: the username, or "system" for start-up work. */
    public String actor() {
        return identity.isAnonymous() ? "system" : identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public Set<String> roles() {
        return new TreeSet<>(identity.getRoles());
    }

    public Affiliations affiliations() {
        if (affiliations == null) {
            affiliations = identity.isAnonymous() ? Affiliations.NONE
                    : QuarkusTransaction.joiningExisting().call(() -> load(username()));
        }
        return affiliations;
    }

    private static Affiliations load(String username) {
        AppUser user = AppUser.findOrCreate(username);
        List<Affiliation> rows = Affiliation.list("userId", user.id);
        return Affiliations.of(user.id, rows);
    }

    /** Forget what was read, after this request changed the person's affiliations. */
    public void refresh() {
        affiliations = null;
    }
}
