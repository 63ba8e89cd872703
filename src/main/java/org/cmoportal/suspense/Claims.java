package org.cmoportal.suspense;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.Ledger;
import org.cmoportal.account.TenantLedger;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * Claims of unmatched refs (economics.md, "Suspense: claims and ageing"): a member of the tenant claims a ref held
 * in suspense for one of their own refs, with evidence; one administrator accepts, another confirms. The
 * confirmation makes the ref the member's alias (the run then counts its usage as the member's own) and moves every
 * amount held under it, netted per (period, category), to the member: one RELEASED entry per period, cause
 * {@code claim} with the id of that period's {@code claim_release} row, and the negative SUSPENSE rows of the same
 * cause, so the claim balances on its own in {@code Conservation}. A net negative stays held.
 */
@ApplicationScoped
public class Claims {

    public static final String CAUSE = "claim";

    public enum State { OPEN, ACCEPTED, CONFIRMED, REJECTED }

    /** A claim as its member and the administrators read it; {@code released} is what its confirmation moved. */
    public record Claim(long id, String ref, String memberRef, String evidence, State state, String claimedBy,
            Instant claimedAt, String acceptedBy, String decidedBy, Instant decidedAt, String reason, long released) {

        public boolean open() {
            return state == State.OPEN || state == State.ACCEPTED;
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    @Inject
    SuspenseBook book;

    @Inject
    Ledger ledger;

    @Inject
    TenantLedger tenantLedger;

    @Inject
    AuditLog audit;

    /**
     * A member's claim. {@code memberRef} must be one of the caller's own refs (another's answers 404, as every other
     * member's data); blank with exactly one ref means that one.
     */
    @Transactional
    public Claim claim(String ref, String memberRef, String evidence) {
        Set<String> mine = user.affiliations().memberRefsIn(tenant.tenantId());
        String claimant = memberRef == null || memberRef.isBlank() ? (mine.size() == 1 ? mine.iterator().next() : null)
                : memberRef.strip();
        List<Problem> problems = new ArrayList<>();
        String r = ref == null ? "" : ref.strip();
        if (r.isEmpty() || r.length() > 128) {
            problems.add(new Problem("ref", "Give the ref as it appears in the list of money held (1 to 128 characters)."));
        }
        if (claimant == null) {
            problems.add(new Problem("memberRef", "Say which of your member refs claims it: one of "
                    + String.join(", ", new java.util.TreeSet<>(mine)) + "."));
        }
        String e = evidence == null ? "" : evidence.strip();
        if (e.isEmpty() || e.length() > 2000) {
            problems.add(new Problem("evidence", "Say why the ref is yours (1 to 2000 characters): a link to the work, a"
                    + " publication, a registration number."));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (!mine.contains(claimant)) {
            throw DomainException.notFound("member ref " + claimant);
        }
        lock();
        if (isMemberRef(r)) {
            throw DomainException.conflict("ref-is-a-member", "'" + r + "' is a member's own ref, not an unmatched one: its"
                    + " usage is already paid to that member. Claim only a ref listed as money held.");
        }
        if (aliasOf(r) != null) {
            throw DomainException.conflict("already-claimed", "'" + r + "' has already been claimed and confirmed for a"
                    + " member: its money has moved and its usage is matched. Ask the CMO if you think that was wrong.");
        }
        if (sql.sql("SELECT 1 FROM suspense_claim WHERE tenant_id = :tenant AND ref = :ref AND member_ref = :member"
                + " AND state IN ('OPEN', 'ACCEPTED')").bind("ref", r).bind("member", claimant).one(rs -> 1).isPresent()) {
            throw DomainException.conflict("already-claimed", "You have already claimed '" + r + "' for " + claimant
                    + " and the claim is waiting for the administrators; see its state in your claims.");
        }
        long held = book.underRef(r).stream().mapToLong(SuspenseBook.Held::amount).filter(a -> a > 0).sum();
        if (held <= 0) {
            throw DomainException.invalid("ref", "Nothing is held in suspense under '" + r + "': check the ref against the"
                    + " list of money held (refs are compared exactly, case included).");
        }
        long id = sql.sql("""
                INSERT INTO suspense_claim (tenant_id, ref, member_ref, evidence, claimed_by)
                VALUES (:tenant, :ref, :member, :evidence, :by) RETURNING id""")
                .bind("ref", r).bind("member", claimant).bind("evidence", e).bind("by", user.actor()).single(rs -> rs.getLong(1));
        audit.record("claim.open", "claim", id, null, Map.of("ref", r, "memberRef", claimant, "evidence", e));
        return get(id);
    }

    /** The first administrator's acceptance. */
    @Transactional
    public Claim accept(long id) {
        Claim c = lockClaim(id);
        if (c.state() != State.OPEN) {
            throw wrongState(c, "accepted");
        }
        sql.sql("UPDATE suspense_claim SET state = 'ACCEPTED', accepted_by = :by, accepted_at = now() WHERE tenant_id = :tenant AND id = :id")
                .bind("by", user.actor()).bind("id", id).update();
        audit.record("claim.accept", "claim", id, Map.of("state", "OPEN"), Map.of("state", "ACCEPTED"));
        return get(id);
    }

    /** A rejection, with the reason the member reads. */
    @Transactional
    public Claim reject(long id, String reason) {
        Claim c = lockClaim(id);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw DomainException.invalid("reason", "Say why the claim is rejected (1 to 500 characters): the member reads it.");
        }
        if (!c.open()) {
            throw wrongState(c, "rejected");
        }
        sql.sql("""
                UPDATE suspense_claim SET state = 'REJECTED', decided_by = :by, decided_at = now(), reason = :reason
                 WHERE tenant_id = :tenant AND id = :id""").bind("by", user.actor()).bind("reason", why).bind("id", id).update();
        audit.record("claim.reject", "claim", id, Map.of("state", c.state().name()), Map.of("state", "REJECTED", "reason", why));
        return get(id);
    }

    /**
     * The second administrator's confirmation: the alias, the money held under the ref moved to the member (one
     * RELEASED entry per period), and every other open claim on the ref rejected, all in one transaction.
     */
    @Transactional
    public Claim confirm(long id) {
        lock();
        Claim c = lockClaim(id);
        if (c.state() != State.ACCEPTED) {
            throw c.state() == State.OPEN
                    ? DomainException.conflict("not-accepted", "Claim " + id + " has not been accepted yet: one administrator"
                            + " accepts it, then another confirms it (four eyes).")
                    : wrongState(c, "confirmed");
        }
        if (user.actor().equals(c.acceptedBy())) {
            throw DomainException.conflict("four-eyes", "You accepted claim " + id + ", so you cannot confirm it: another"
                    + " administrator of this CMO must check the evidence and confirm (four eyes).");
        }
        if (aliasOf(c.ref()) != null) {
            throw DomainException.conflict("already-claimed", "'" + c.ref() + "' has already been confirmed for "
                    + aliasOf(c.ref()) + ": reject this claim with the reason.");
        }
        if (isMemberRef(c.ref())) {
            throw DomainException.conflict("ref-is-a-member", "'" + c.ref() + "' has become a member's own ref since the"
                    + " claim: reject this claim with the reason.");
        }
        sql.sql("""
                UPDATE suspense_claim SET state = 'CONFIRMED', decided_by = :by, decided_at = now()
                 WHERE tenant_id = :tenant AND id = :id""").bind("by", user.actor()).bind("id", id).update();
        sql.sql("INSERT INTO member_alias (tenant_id, alias_ref, member_ref, claim_id) VALUES (:tenant, :alias, :member, :claim)")
                .bind("alias", c.ref()).bind("member", c.memberRef()).bind("claim", id).update();
        // Per period, the positive nets of its (category, ref) keys; a net negative stays held.
        Map<Long, List<SuspenseBook.Held>> byPeriod = new LinkedHashMap<>();
        for (SuspenseBook.Held h : book.underRef(c.ref())) {
            if (h.amount() > 0) {
                byPeriod.computeIfAbsent(h.periodId(), p -> new ArrayList<>()).add(h);
            }
        }
        long moved = 0;
        List<Map<String, Object>> periods = new ArrayList<>();
        for (Map.Entry<Long, List<SuspenseBook.Held>> e : byPeriod.entrySet()) {
            long amount = e.getValue().stream().mapToLong(SuspenseBook.Held::amount).reduce(0, Math::addExact);
            String label = e.getValue().get(0).period();
            long releaseId = sql.sql("""
                    INSERT INTO claim_release (tenant_id, claim_id, period_id, amount) VALUES (:tenant, :claim, :period, :amount)
                    RETURNING id""").bind("claim", id).bind("period", e.getKey()).bind("amount", amount).single(rs -> rs.getLong(1));
            String reason = "Claim " + id + ": money held for '" + c.ref() + "' in " + label;
            ledger.post(c.memberRef(), Ledger.Kind.RELEASED, amount, e.getKey(), CAUSE, releaseId, reason);
            for (SuspenseBook.Held h : e.getValue()) {
                tenantLedger.postSuspense(new TenantLedger.SuspenseKey(h.periodId(), h.category(), h.ref()), -h.amount(), null,
                        CAUSE, releaseId, reason);
            }
            moved = Math.addExact(moved, amount);
            periods.add(Map.of("period", label, "amount", amount));
        }
        List<Long> others = sql.sql("""
                UPDATE suspense_claim SET state = 'REJECTED', decided_by = :by, decided_at = now(), reason = :reason
                 WHERE tenant_id = :tenant AND ref = :ref AND id <> :id AND state IN ('OPEN', 'ACCEPTED') RETURNING id""")
                .bind("by", user.actor()).bind("reason", "The ref was confirmed for another member's claim (" + id + ").")
                .bind("ref", c.ref()).bind("id", id).list(rs -> rs.getLong(1));
        for (long other : others) {
            audit.record("claim.reject", "claim", other, null, Map.of("state", "REJECTED", "confirmedClaim", id));
        }
        audit.record("claim.confirm", "claim", id, Map.of("state", "ACCEPTED"), Map.of("state", "CONFIRMED", "alias", c.ref(),
                "memberRef", c.memberRef(), "released", moved, "periods", periods));
        return get(id);
    }

    /** One claim: an administrator reads any, a member only their own refs' (else 404). */
    @Transactional
    public Claim get(long id) {
        Claim c = sql.sql(SELECT + " WHERE c.tenant_id = :tenant AND c.id = :id").bind("id", id).one(Claims::claim)
                .orElseThrow(() -> DomainException.notFound("claim " + id));
        if (!asAdmin() && !user.affiliations().memberRefsIn(tenant.tenantId()).contains(c.memberRef())) {
            throw DomainException.notFound("claim " + id);
        }
        return c;
    }

    /** A page of claims, as an administrator or a member reads them. */
    public record Found(List<Claim> claims, Paging paging) {
    }

    /**
     * The page {@code requested} of the claims: for an administrator every one, open and accepted first, then the
     * latest, those whose member ref or claimed ref contains {@code query} (its {@code %} and {@code _} taken
     * literally); for a member those of their own refs, the latest first, searched the same way.
     */
    @Transactional
    public Found find(boolean asAdmin, String query, int requested) {
        return find(asAdmin, query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} claims, for the API. */
    @Transactional
    public Found find(boolean asAdmin, String query, int requested, int size) {
        String like = Paging.like(query);
        String[] refs = asAdmin ? new String[0] : user.affiliations().memberRefsIn(tenant.tenantId()).toArray(String[]::new);
        String where = " WHERE c.tenant_id = :tenant AND (CAST(:admin AS boolean) OR c.member_ref = ANY (:refs))"
                + " AND (CAST(:like AS text) IS NULL OR lower(c.member_ref) LIKE :like OR lower(c.ref) LIKE :like)";
        long count = sql.sql("SELECT count(*) FROM suspense_claim c" + where)
                .bind("admin", asAdmin).bind("refs", refs).bind("like", like).single(rs -> rs.getLong(1));
        Paging paging = Paging.of(requested, size, count);
        String order = asAdmin ? " ORDER BY c.state IN ('OPEN', 'ACCEPTED') DESC, c.id DESC" : " ORDER BY c.id DESC";
        List<Claim> rows = sql.sql(SELECT + where + order + " LIMIT :limit OFFSET :offset")
                .bind("admin", asAdmin).bind("refs", refs).bind("like", like)
                .bind("limit", paging.size()).bind("offset", paging.offset()).list(Claims::claim);
        return new Found(rows, paging);
    }

    /** The member holding {@code ref} through a confirmed claim, or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String aliasOf(String ref) {
        return sql.sql("SELECT member_ref FROM member_alias WHERE tenant_id = :tenant AND alias_ref = :ref").bind("ref", ref)
                .one(rs -> rs.getString(1)).orElse(null);
    }

    /** Whether the caller administers this tenant (role and affiliation), so reads every claim. */
    public boolean asAdmin() {
        return user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
    }

    private boolean isMemberRef(String ref) {
        return sql.sql("SELECT 1 FROM member WHERE tenant_id = :tenant AND ref = :ref").bind("ref", ref).one(rs -> 1).isPresent();
    }

    /** Orders the steps that move held money in this tenant: claims' confirmations and releases, one at a time. */
    void lock() {
        sql.sql("SELECT pg_advisory_xact_lock(hashtextextended('suspense/' || :tenant, 0))").execute();
    }

    private Claim lockClaim(long id) {
        get(id);
        return sql.sql(SELECT + " WHERE c.tenant_id = :tenant AND c.id = :id FOR UPDATE OF c").bind("id", id).single(Claims::claim);
    }

    private static DomainException wrongState(Claim c, String what) {
        return DomainException.conflict("wrong-state", "Claim " + c.id() + " is " + c.state().name().toLowerCase()
                + " and cannot be " + what + " now.");
    }

    static final String SELECT = """
            SELECT c.id, c.ref, c.member_ref, c.evidence, c.state, c.claimed_by, c.claimed_at, c.accepted_by, c.decided_by,
                   c.decided_at, c.reason,
                   (SELECT coalesce(sum(r.amount), 0) FROM claim_release r WHERE r.tenant_id = c.tenant_id AND r.claim_id = c.id)
              FROM suspense_claim c""";

    private static Claim claim(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp decided = rs.getTimestamp(10);
        return new Claim(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), State.valueOf(rs.getString(5)),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9),
                decided == null ? null : decided.toInstant(), rs.getString(11), rs.getLong(12));
    }

    /** How many claims waiting to be accepted, or confirmed by a second administrator (the administrator's home lists what needs doing). */
    @Transactional
    public long waitingForAdministrators() {
        return sql.sql("SELECT count(*) FROM suspense_claim WHERE tenant_id = :tenant AND state IN ('OPEN', 'ACCEPTED')").single(rs -> rs.getLong(1));
    }
}
