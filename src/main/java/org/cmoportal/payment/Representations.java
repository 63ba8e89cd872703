package org.cmoportal.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.member.MemberAccess;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.Keys;
import org.cmoportal.error.DomainException;
import org.cmoportal.member.Member;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * Representatives: a member names another member of the same CMO (a publisher, a guild, an agent) as payee. Once
 * the representative accepts, payment runs pay the member's balance into the representative's bank account, in the
 * representative's payment, while the statements and the account stay the member's. Either side ends it.
 *
 * <p>One representative at a time per member; a representative's own representative is not followed (the payment
 * goes to the bank account of the member named, never further down a chain).
 */
@ApplicationScoped
public class Representations {

    /** NAMED until the representative accepts, ACCEPTED while payments go to the representative, then ENDED. */
    public enum State { NAMED, ACCEPTED, ENDED }

    /** A representation as pages and answers show it. */
    public record View(long id, String member, String memberName, String representative, String representativeName,
            State state, String namedBy, Instant namedAt, String acceptedBy, Instant acceptedAt, String endedBy,
            Instant endedAt) {
    }

    @Inject
    TenantSql sql;

    @Inject
    MemberAccess access;

    @Inject
    AuditLog audit;

    /** {@code ref} names {@code representativeRef} as its payee: by the member holding {@code ref}, or an administrator. */
    @Transactional
    public View name(String ref, String representativeRef) {
        access.holderOrAdmin(ref);
        String rep = representativeRef == null ? null : representativeRef.strip();
        String problem = Keys.memberRefProblem(rep);
        if (problem != null) {
            throw DomainException.invalid("representative", "Give the member ref of the representative: " + problem + ".");
        }
        if (rep.equals(ref)) {
            throw DomainException.invalid("representative", "A member is paid into their own account without naming"
                    + " themself; name another member of this CMO, or end the representation.");
        }
        if (Member.findByRef(rep) == null) {
            throw DomainException.invalid("representative", "No member of this CMO has the ref '" + rep
                    + "'; a representative is a member of the same CMO (ask the CMO to add them first).");
        }
        // the member's row orders two namings of the same member: the second finds the first
        sql.sql("SELECT 1 FROM member WHERE tenant_id = :tenant AND ref = :ref FOR NO KEY UPDATE").bind("ref", ref).execute();
        Optional<View> live = live(ref, true);
        if (live.isPresent()) {
            View v = live.get();
            throw DomainException.conflict("representative-named", "'" + ref + "' has already named '" + v.representative()
                    + "' (" + v.state() + "); end that representation first, then name another.");
        }
        long id = sql.sql("""
                INSERT INTO representation (tenant_id, member_ref, representative_ref, state, named_by)
                VALUES (:tenant, :ref, :rep, 'NAMED', :by) RETURNING id""")
                .bind("ref", ref).bind("rep", rep).bind("by", access.actor()).single(r -> r.getLong(1));
        audit.record("payee.representative.name", "member", ref, null, Map.of("representative", rep, "representation", id));
        return byId(id);
    }

    /** The representative holding {@code representativeRef} accepts being named by {@code ref}. */
    @Transactional
    public View accept(String representativeRef, String ref) {
        access.holder(representativeRef);
        View v = live(ref, true).filter(x -> x.representative().equals(representativeRef))
                .orElseThrow(() -> DomainException.notFound("A representation of '" + ref + "' by '" + representativeRef + "'"));
        if (v.state() != State.NAMED) {
            throw DomainException.conflict("wrong-state", "The representation of '" + ref + "' by '" + representativeRef
                    + "' is " + v.state() + "; only a NAMED one is accepted.");
        }
        sql.sql("""
                UPDATE representation SET state = 'ACCEPTED', accepted_by = :by, accepted_at = now()
                 WHERE tenant_id = :tenant AND id = :id""").bind("by", access.actor()).bind("id", v.id()).update();
        audit.record("payee.representative.accept", "member", ref, Map.of("state", "NAMED"),
                Map.of("state", "ACCEPTED", "representative", representativeRef, "representation", v.id()));
        return byId(v.id());
    }

    /**
     * Ends {@code ref}'s representation (or declines a naming): by the member holding {@code ref}, by the one
     * holding the representative's ref, or by an administrator.
     */
    @Transactional
    public View end(String ref) {
        View v = live(ref, true).filter(x -> access.holds(ref) || access.holds(x.representative()) || access.isAdmin())
                .orElseThrow(() -> DomainException.notFound("A representation of '" + ref + "'"));
        return end(v);
    }

    /** The representative holding {@code representativeRef} ends representing {@code ref}. */
    @Transactional
    public View endAsRepresentative(String representativeRef, String ref) {
        access.holder(representativeRef);
        View v = live(ref, true).filter(x -> x.representative().equals(representativeRef))
                .orElseThrow(() -> DomainException.notFound("A representation of '" + ref + "' by '" + representativeRef + "'"));
        return end(v);
    }

    private View end(View v) {
        sql.sql("""
                UPDATE representation SET state = 'ENDED', ended_by = :by, ended_at = now()
                 WHERE tenant_id = :tenant AND id = :id""").bind("by", access.actor()).bind("id", v.id()).update();
        audit.record("payee.representative.end", "member", v.member(), Map.of("state", v.state().name(),
                "representative", v.representative()), Map.of("state", "ENDED", "representation", v.id()));
        return byId(v.id());
    }

    /**
     * The representation {@code ref} has now (named or accepted), for the member holding it, the representative or an
     * administrator; empty when there is none.
     */
    @Transactional
    public Optional<View> of(String ref) {
        Optional<View> v = live(ref, false);
        if (v.isPresent() && access.holds(v.get().representative())) {
            return v;
        }
        access.holderOrAdmin(ref);
        return v;
    }

    /**
     * A page of the members a representative represents, and where it stands: {@code paging}'s count is those the search
     * matched, {@code all} every member the representative represents (the same without a search).
     */
    public record Represented(List<View> rows, Paging paging, long all) {
    }

    /**
     * The page {@code requested} of the members who have named {@code representativeRef} and not ended it, by ref, for
     * its holder or an administrator; searched by the member's ref or name (a part, any case). Counted and read a page
     * at a time in the database: a guild or a publisher represents many members.
     */
    @Transactional
    public Represented representing(String representativeRef, String query, int requested) {
        return representing(representativeRef, query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} members, for the API. */
    @Transactional
    public Represented representing(String representativeRef, String query, int requested, int size) {
        access.holderOrAdmin(representativeRef);
        String like = Paging.like(query);
        String where = " WHERE r.tenant_id = :tenant AND r.representative_ref = :rep AND r.state <> 'ENDED'"
                + " AND (CAST(:like AS text) IS NULL OR lower(r.member_ref) LIKE :like OR lower(m.name) LIKE :like)";
        String count = "SELECT count(*) FROM representation r JOIN member m ON m.tenant_id = r.tenant_id AND m.ref = r.member_ref";
        Paging paging = Paging.of(requested, size, sql.sql(count + where)
                .bind("rep", representativeRef).bind("like", like).single(r -> r.getLong(1)));
        long all = like == null ? paging.count() : sql.sql(count + where).bind("rep", representativeRef)
                .bind("like", (String) null).single(r -> r.getLong(1));
        return new Represented(sql.sql(SELECT + where + " ORDER BY r.member_ref COLLATE \"C\" LIMIT :limit OFFSET :offset")
                .bind("rep", representativeRef).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(Representations::view), paging, all);
    }

    private Optional<View> live(String ref, boolean lock) {
        return sql.sql(SELECT + " WHERE r.tenant_id = :tenant AND r.member_ref = :ref AND r.state <> 'ENDED'"
                + (lock ? " FOR UPDATE OF r" : "")).bind("ref", ref).one(Representations::view);
    }

    private View byId(long id) {
        return sql.sql(SELECT + " WHERE r.tenant_id = :tenant AND r.id = :id").bind("id", id).single(Representations::view);
    }

    private static final String SELECT = """
            SELECT r.id, r.member_ref, m.name, r.representative_ref, p.name, r.state, r.named_by, r.named_at,
                   r.accepted_by, r.accepted_at, r.ended_by, r.ended_at
              FROM representation r
              JOIN member m ON m.tenant_id = r.tenant_id AND m.ref = r.member_ref
              JOIN member p ON p.tenant_id = r.tenant_id AND p.ref = r.representative_ref""";

    private static View view(ResultSet r) throws SQLException {
        return new View(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                State.valueOf(r.getString(6)), r.getString(7), instant(r, 8), r.getString(9), instant(r, 10),
                r.getString(11), instant(r, 12));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        java.sql.Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
