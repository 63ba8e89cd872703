package org.cmoportal.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantSql;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in person: roles from the token, affiliations from the database, read once per request. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    @Inject
    TenantSql sql;

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
        // every tenant's affiliations of this person: identity data, read before any tenant is entered
        List<Row> rows = sql.platform("""
                SELECT u.id, a.kind, a.tenant_id, a.builder_id, a.evaluator_id, a.member_ref, a.org_admin
                  FROM app_user u LEFT JOIN affiliation a ON a.user_id = u.id
                 WHERE u.username = :username""").bind("username", username).list(CurrentUser::row);
        if (rows.isEmpty()) {
            return null;
        }
        return Affiliations.of(rows.get(0).userId(), rows.stream().map(Row::affiliation).filter(Objects::nonNull).toList());
    }

    /** The person's id, and one affiliation (none for a person without any). */
    private record Row(long userId, Affiliation affiliation) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        long userId = rs.getLong(1);
        if (rs.getString(2) == null) {
            return new Row(userId, null);
        }
        Affiliation a = Affiliation.of(userId, Affiliation.Kind.valueOf(rs.getString(2)));
        a.tenantId = rs.getString(3);
        a.builderId = (Long) rs.getObject(4);
        a.evaluatorId = (Long) rs.getObject(5);
        a.memberRef = rs.getString(6);
        a.orgAdmin = rs.getBoolean(7);
        return new Row(userId, a);
    }

    /** Forget what was read, after this request changed the person's affiliations. */
    public void refresh() {
        affiliations = null;
    }
}
