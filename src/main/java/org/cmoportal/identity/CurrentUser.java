package org.cmoportal.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in person: roles from the token, affiliations from the database, read once per request. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    @Inject
    DataSource dataSource;

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
            affiliations = identity.isAnonymous() ? Affiliations.NONE : load(username());
        }
        return affiliations;
    }

    /**
     * Every signed-in request needs this, so it is one query for the person and all their affiliations.
     * Only someone seen for the first time is written, in a transaction.
     */
    private Affiliations load(String username) {
        Affiliations known = read(username);
        return known != null ? known
                : QuarkusTransaction.joiningExisting().call(() -> Affiliations.of(AppUser.findOrCreate(username).id, List.of()));
    }

    private Affiliations read(String username) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT u.id, a.kind, a.tenant_id, a.builder_id, a.evaluator_id, a.member_ref, a.org_admin
                  FROM app_user u LEFT JOIN affiliation a ON a.user_id = u.id
                 WHERE u.username = ?""")) {
            st.setString(1, username);
            try (ResultSet rs = st.executeQuery()) {
                Long userId = null;
                List<Affiliation> rows = new ArrayList<>();
                while (rs.next()) {
                    userId = rs.getLong(1);
                    if (rs.getString(2) != null) {
                        Affiliation a = Affiliation.of(userId, Affiliation.Kind.valueOf(rs.getString(2)));
                        a.tenantId = rs.getString(3);
                        a.builderId = (Long) rs.getObject(4);
                        a.evaluatorId = (Long) rs.getObject(5);
                        a.memberRef = rs.getString(6);
                        a.orgAdmin = rs.getBoolean(7);
                        rows.add(a);
                    }
                }
                return userId == null ? null : Affiliations.of(userId, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the affiliations of " + username, e);
        }
    }

    /** Forget what was read, after this request changed the person's affiliations. */
    public void refresh() {
        affiliations = null;
    }
}
