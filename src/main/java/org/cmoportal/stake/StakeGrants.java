package org.cmoportal.stake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Rate;
import org.cmoportal.money.RateFormatException;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * Equity grants (economics.md, "Stake grant"): a builder of the model records the share of the model's economic
 * interest it grants, with the document's reference and SHA-256; one administrator of the CMO accepts it and another
 * confirms it (four eyes), and from then on the CMO holds it in trust for the model's stakeholders.
 */
@ApplicationScoped
public class StakeGrants {

    public enum State {
        PROPOSED, ACCEPTED, HELD
    }

    public record Grant(long id, String model, String builder, Rate share, String reference, String sha256, State state,
            String proposedBy, Instant proposedAt, String acceptedBy, Instant acceptedAt, String confirmedBy,
            Instant confirmedAt) {
    }

    @Inject
    TenantSql sql;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    ModelAccess access;

    /** A builder of the model records a grant: PROPOSED. */
    @Transactional
    public Grant propose(String model, String shareText, String reference, String sha256Text) {
        long builderId = access.requireOwnModel(model);
        List<Problem> problems = new ArrayList<>();
        Rate share = null;
        try {
            share = Rate.parse(shareText);
            if (share.millionths() == 0) {
                problems.add(new Problem("share", "a grant of 0 grants nothing; write the share of the model's economic"
                        + " interest granted, above 0 and at most 1, like 0.05 for 5%"));
            }
        } catch (RateFormatException e) {
            problems.add(new Problem("share", e.getMessage()));
        }
        String ref = reference == null ? "" : reference.strip();
        if (ref.isEmpty() || ref.length() > 200) {
            problems.add(new Problem("reference", "write the grant document's reference (1 to 200 characters), like"
                    + " \"equity-grant-2026-01\""));
        }
        String sha256 = sha256Text == null ? "" : sha256Text.strip().toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            problems.add(new Problem("sha256", "write the SHA-256 of the grant document as 64 hexadecimal digits"
                    + " (sha256sum prints it)"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        long id = sql.sql("""
                INSERT INTO stake_grant (tenant_id, model, builder_id, share, reference, sha256, proposed_by)
                VALUES (:tenant, :model, :builder, :share, :reference, :sha256, :by) RETURNING id""")
                .bind("model", model).bind("builder", builderId).bind("share", share.toBigDecimal())
                .bind("reference", ref).bind("sha256", sha256).bind("by", user.actor()).single(rs -> rs.getLong(1));
        audit.record("stake-grant.propose", "stake-grant", id, null, Map.of("model", model, "share", share.toString(),
                "reference", ref, "sha256", sha256, "state", State.PROPOSED.name()));
        return get(id).orElseThrow();
    }

    /** The first administrator accepts a proposed grant. */
    @Transactional
    public Grant accept(long id) {
        Grant g = lock(id);
        if (g.state() != State.PROPOSED) {
            throw DomainException.conflict("wrong-state", "Grant " + id + " is " + g.state()
                    + (g.state() == State.ACCEPTED ? " (accepted by " + g.acceptedBy() + "); another administrator confirms it."
                            : "; the CMO holds it already."));
        }
        sql.sql("""
                UPDATE stake_grant SET state = 'ACCEPTED', accepted_by = :by, accepted_at = now()
                 WHERE tenant_id = :tenant AND id = :id""").bind("by", user.actor()).bind("id", id).update();
        audit.record("stake-grant.accept", "stake-grant", id, Map.of("state", State.PROPOSED.name()),
                Map.of("state", State.ACCEPTED.name()));
        return get(id).orElseThrow();
    }

    /** A second administrator confirms an accepted grant: HELD in trust. */
    @Transactional
    public Grant confirm(long id) {
        Grant g = lock(id);
        if (g.state() != State.ACCEPTED) {
            throw DomainException.conflict("wrong-state", "Grant " + id + " is " + g.state()
                    + (g.state() == State.PROPOSED ? "; an administrator accepts it first, then another confirms it."
                            : "; the CMO holds it already."));
        }
        if (user.actor().equals(g.acceptedBy())) {
            throw DomainException.conflict("four-eyes", "You accepted grant " + id + ", so you cannot confirm it: another"
                    + " administrator of this CMO must check the document and confirm (four eyes).");
        }
        sql.sql("""
                UPDATE stake_grant SET state = 'HELD', confirmed_by = :by, confirmed_at = now()
                 WHERE tenant_id = :tenant AND id = :id""").bind("by", user.actor()).bind("id", id).update();
        audit.record("stake-grant.confirm", "stake-grant", id, Map.of("state", State.ACCEPTED.name()),
                Map.of("state", State.HELD.name(), "model", g.model(), "share", g.share().toString()));
        return get(id).orElseThrow();
    }

    /** The grants of a model, newest first. */
    @Transactional
    public List<Grant> ofModel(String model) {
        return sql.sql(SELECT + " WHERE g.tenant_id = :tenant AND g.model = :model ORDER BY g.id DESC")
                .bind("model", model).list(StakeGrants::grant);
    }

    /** The grants on the given models (a builder's own), those waiting for an administrator first, then the latest. */
    @Transactional
    public List<Grant> onModels(List<String> models) {
        return sql.sql(SELECT + " WHERE g.tenant_id = :tenant AND g.model = ANY (:models) ORDER BY g.state = 'HELD', g.id DESC")
                .bind("models", models.toArray(String[]::new)).list(StakeGrants::grant);
    }

    /** A page of grants and where it stands. */
    public record Found(List<Grant> grants, Paging paging) {
    }

    /**
     * The page {@code requested} of the tenant's grants whose model, builder or document reference contains
     * {@code query} (every grant for none), those waiting for an administrator first, then the latest.
     */
    @Transactional
    public Found find(String query, int requested) {
        String like = Paging.like(query);
        String where = " WHERE g.tenant_id = :tenant AND (CAST(:like AS text) IS NULL OR lower(g.model) LIKE :like"
                + " OR lower(b.name) LIKE :like OR lower(g.reference) LIKE :like)";
        Paging paging = Paging.of(requested, Paging.SIZE, sql.sql("SELECT count(*) FROM stake_grant g JOIN builder_org b"
                + " ON b.id = g.builder_id" + where).bind("like", like).single(r -> r.getLong(1)));
        return new Found(sql.sql(SELECT + where + " ORDER BY g.state = 'HELD', g.id DESC LIMIT :limit OFFSET :offset")
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset()).list(StakeGrants::grant), paging);
    }

    @Transactional
    public Optional<Grant> get(long id) {
        return sql.sql(SELECT + " WHERE g.tenant_id = :tenant AND g.id = :id").bind("id", id).one(StakeGrants::grant);
    }

    private Grant lock(long id) {
        return sql.sql(SELECT + " WHERE g.tenant_id = :tenant AND g.id = :id FOR UPDATE OF g").bind("id", id)
                .one(StakeGrants::grant).orElseThrow(() -> DomainException.notFound("Stake grant " + id));
    }

    private static final String SELECT = """
            SELECT g.id, g.model, b.name, g.share, g.reference, g.sha256, g.state, g.proposed_by, g.proposed_at,
                   g.accepted_by, g.accepted_at, g.confirmed_by, g.confirmed_at
              FROM stake_grant g JOIN builder_org b ON b.id = g.builder_id""";

    private static Grant grant(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Grant(rs.getLong(1), rs.getString(2), rs.getString(3),
                Rate.ofMillionths(rs.getBigDecimal(4).movePointRight(6).longValueExact()), rs.getString(5), rs.getString(6),
                State.valueOf(rs.getString(7)), rs.getString(8), instant(rs, 9), rs.getString(10), instant(rs, 11),
                rs.getString(12), instant(rs, 13));
    }

    static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** How many stake grants waiting to be accepted, or confirmed by a second administrator (the administrator's home lists what needs doing). */
    @Transactional
    public long waitingForAdministrators() {
        return sql.sql("SELECT count(*) FROM stake_grant WHERE tenant_id = :tenant AND state IN ('PROPOSED', 'ACCEPTED')").single(rs -> rs.getLong(1));
    }
}
