package org.cmoportal.stake;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.DistributedPeriods;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.BallotTally;
import org.cmoportal.distribution.BallotTally.Choice;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Rate;
import org.cmoportal.money.RateFormatException;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Ballots on a model's behaviour (economics.md, "Ballots"): an administrator opens one with a question, a closing
 * time, a quorum and a threshold; each ref with a stake in the model votes yes, no or abstain, a later vote replacing
 * the earlier one until closing; at the closing time {@link BallotCloser} claims the ballot and tallies the stakes of
 * that moment with {@link BallotTally}, exact fractions throughout; the model's builder acknowledges the result.
 */
@ApplicationScoped
public class Ballots {

    public enum State {
        OPEN, CLOSED
    }

    /** The tally as stored: rates rounded half-even to 6 digits for reading, the comparisons made exactly. */
    public record Result(boolean quorumMet, boolean passed, BigDecimal turnout, BigDecimal yes, BigDecimal no,
            BigDecimal abstain, int votes, String exactShares, String canonicalJson, String sha256) {
    }

    public record Ballot(long id, String model, String question, Instant closesAt, Rate quorum, Rate threshold,
            State state, String openedBy, Instant openedAt, Instant closedAt, Result result, String acknowledgedBy,
            Instant acknowledgedAt) {

        public boolean open() {
            return state == State.OPEN;
        }
    }

    /** A ref's vote as it stands. */
    public record Vote(String ref, Choice choice, Instant castAt) {
    }

    /** The canonical JSON's writer: keys sorted by the map, no spaces, non-ASCII written as itself (UTF-8). */
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    @Inject
    TenantSql sql;

    @Inject
    DistributedPeriods distributedPeriods;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    StakeRegister register;

    @Inject
    ModelAccess access;

    /** An administrator opens a ballot on the model (404 for a model never filed here). */
    @Transactional
    public Ballot open(String model, String question, String closesAtText, String quorumText, String thresholdText) {
        register.requireModel(model);
        List<Problem> problems = new ArrayList<>();
        String q = question == null ? "" : question.strip();
        if (q.isEmpty() || q.length() > 500) {
            problems.add(new Problem("question", "write the question members answer yes or no to (1 to 500 characters),"
                    + " like \"May " + model + " be trained on our news category?\""));
        }
        Instant closesAt = null;
        try {
            closesAt = closesAtText == null ? null : OffsetDateTime.parse(closesAtText.strip()).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (closesAt == null) {
            problems.add(new Problem("closesAt", "write the closing time with its offset, like 2026-12-31T12:00:00Z"));
        } else if (!closesAt.isAfter(Instant.now())) {
            problems.add(new Problem("closesAt", "the closing time " + closesAt + " has passed; choose a time in the future"));
        }
        Rate quorum = rate(quorumText, "quorum", "the share of the model's whole stake that must vote, like 0.2", problems);
        Rate threshold = rate(thresholdText, "threshold", "the share of yes among yes and no that must be exceeded, like 0.5",
                problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        long id = sql.sql("""
                INSERT INTO ballot (tenant_id, model, question, closes_at, quorum, threshold, opened_by)
                VALUES (:tenant, :model, :question, :closes, :quorum, :threshold, :by) RETURNING id""")
                .bind("model", model).bind("question", q).bind("closes", closesAt).bind("quorum", quorum.toBigDecimal())
                .bind("threshold", threshold.toBigDecimal()).bind("by", user.actor()).single(rs -> rs.getLong(1));
        audit.record("ballot.open", "ballot", id, null, Map.of("model", model, "question", q, "closesAt", closesAt.toString(),
                "quorum", quorum.toString(), "threshold", threshold.toString()));
        return get(id).orElseThrow();
    }

    private static Rate rate(String text, String where, String what, List<Problem> problems) {
        try {
            return Rate.parse(text);
        } catch (RateFormatException e) {
            problems.add(new Problem(where, e.getMessage() + "; the " + where + " is " + what));
            return null;
        }
    }

    /**
     * A member votes for one ref it holds: another's ref is 404, a ref without a stake in the model 403, a closed
     * ballot 409. A later vote replaces the earlier one.
     */
    @Transactional
    public Vote vote(long id, String ref, String choiceText) {
        // FOR SHARE: a closer that claims the ballot waits for this vote, and a vote after the claim sees it closed
        Ballot b = sql.sql(SELECT + " WHERE b.tenant_id = :tenant AND b.id = :id FOR SHARE").bind("id", id).one(Ballots::ballot)
                .orElseThrow(() -> DomainException.notFound("Ballot " + id));
        if (ref == null || ref.isBlank()) {
            throw DomainException.invalid("ref", "name the member ref you vote for (one of " + access.refs() + ")");
        }
        if (!access.refs().contains(ref)) {
            throw DomainException.notFound("Member '" + ref + "'");
        }
        if (b.state() == State.CLOSED || !Instant.now().isBefore(b.closesAt())) {
            throw DomainException.conflict("closed", "Ballot " + id + " closed at " + b.closesAt() + "; votes are no longer taken.");
        }
        if (!register.holdsStake(b.model(), ref)) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "no-stake", "Ref '" + ref + "' holds no stake in model "
                    + b.model() + " (it was paid nothing from its filings), so it has no vote in this ballot.");
        }
        Choice choice = Choice.of(choiceText);
        if (choice == null) {
            throw DomainException.invalid("choice", "choose yes, no or abstain");
        }
        Optional<String> before = sql.sql("""
                SELECT choice FROM ballot_vote WHERE tenant_id = :tenant AND ballot_id = :id AND member_ref = :ref FOR UPDATE""")
                .bind("id", id).bind("ref", ref).one(rs -> rs.getString(1));
        sql.sql("""
                INSERT INTO ballot_vote (tenant_id, ballot_id, member_ref, choice, cast_by) VALUES (:tenant, :id, :ref, :choice, :by)
                ON CONFLICT (ballot_id, member_ref) DO UPDATE SET choice = excluded.choice, cast_by = excluded.cast_by,
                                                                  cast_at = now()""")
                .bind("id", id).bind("ref", ref).bind("choice", choice.word()).bind("by", user.actor()).update();
        audit.record("ballot.vote", "ballot", id, before.map(c -> Map.of("ref", ref, "choice", c)).orElse(null),
                Map.of("ref", ref, "choice", choice.word()));
        return votes(id, Set.of(ref)).get(0);
    }

    /** The votes of the given refs as they stand (for the member's page). */
    @Transactional
    public List<Vote> votes(long id, Set<String> refs) {
        List<Vote> votes = new ArrayList<>();
        for (String ref : refs.stream().sorted().toList()) {
            sql.sql("SELECT member_ref, choice, cast_at FROM ballot_vote WHERE tenant_id = :tenant AND ballot_id = :id AND member_ref = :ref")
                    .bind("id", id).bind("ref", ref)
                    .one(rs -> new Vote(rs.getString(1), Choice.of(rs.getString(2)), rs.getTimestamp(3).toInstant()))
                    .ifPresent(votes::add);
        }
        return votes;
    }

    /**
     * The ballot as the caller may see it: an administrator, the model's builder, or a member holding a ref with a
     * stake in the model. Another builder's model is 404; a member of the CMO without a stake 403.
     */
    @Transactional
    public Ballot visible(long id) {
        Ballot b = get(id).orElseThrow(() -> DomainException.notFound("Ballot " + id));
        if (access.administers()) {
            return b;
        }
        if (!access.refs().isEmpty() && voters(b, null, 1).all() > 0) {
            return b;
        }
        StakeRegister.Model model = register.requireModel(b.model());
        if (access.buildsModel(model)) {
            return b;
        }
        if (!access.refs().isEmpty()) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "no-stake", "None of your refs holds a stake in model "
                    + b.model() + ", so its ballots are not yours to see or vote in.");
        }
        throw DomainException.notFound("Ballot " + id);
    }

    /** One of the caller's refs with a stake in the ballot's model, and its vote as it stands (null before one). */
    public record Voter(String ref, String choice) {
    }

    /**
     * A page of the caller's refs with a stake in the ballot's model: {@code rows} those matching the search,
     * {@code all} how many there are with no search (whether the caller votes at all).
     */
    public record Voters(List<Voter> rows, Paging paging, long all) {
    }

    /** How many refs hold a stake, and how many of them match the search. */
    private record VoterCount(long all, long matching) {
    }

    /**
     * The refs of {@code :refs} with a stake in the model ({@link StakeRegister#PAID}), {@code matches} true where the
     * ref contains {@code :like} (always for NULL).
     */
    private static final String VOTERS = StakeRegister.PAID + """
            , voter AS (SELECT ref, (CAST(:like AS text) IS NULL OR lower(ref) LIKE :like) AS matches
                          FROM paid WHERE ref = ANY (:refs) GROUP BY ref HAVING sum(amount) > 0)
            """;

    /**
     * The page {@code requested} of the caller's refs with a stake in the ballot's model whose ref contains
     * {@code query}, in code point order, each with its vote: a member holding thousands of refs reads them a page at a
     * time, found and counted in the database.
     */
    @Transactional
    public Voters voters(Ballot b, String query, int requested) {
        String[] refs = access.refs().toArray(String[]::new);
        if (refs.length == 0) {
            return new Voters(List.of(), Paging.of(1, Paging.SIZE, 0), 0);
        }
        String like = Paging.like(query);
        Long[] periods = distributedPeriods.ids();
        VoterCount count = sql.sql(VOTERS + "SELECT count(*), count(*) FILTER (WHERE matches) FROM voter")
                .bind("periods", periods).bind("model", b.model()).bind("refs", refs).bind("like", like)
                .single(rs -> new VoterCount(rs.getLong(1), rs.getLong(2)));
        Paging paging = Paging.of(requested, Paging.SIZE, count.matching());
        List<Voter> rows = sql.sql(VOTERS + """
                SELECT x.ref, v.choice FROM voter x
                  LEFT JOIN ballot_vote v ON v.tenant_id = :tenant AND v.ballot_id = :id AND v.member_ref = x.ref
                 WHERE x.matches ORDER BY x.ref COLLATE "C" LIMIT :limit OFFSET :offset""")
                .bind("periods", periods).bind("model", b.model()).bind("refs", refs).bind("like", like).bind("id", b.id())
                .bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new Voter(rs.getString(1), rs.getString(2) == null ? null : Choice.of(rs.getString(2)).word()));
        return new Voters(rows, paging, count.all());
    }

    /** The model's builder acknowledges the closed ballot's result, once. */
    @Transactional
    public Ballot acknowledge(long id) {
        Ballot b = sql.sql(SELECT + " WHERE b.tenant_id = :tenant AND b.id = :id FOR UPDATE OF b").bind("id", id)
                .one(Ballots::ballot).orElseThrow(() -> DomainException.notFound("Ballot " + id));
        if (!access.buildsModel(register.requireModel(b.model()))) {
            throw DomainException.notFound("Ballot " + id);
        }
        if (b.state() != State.CLOSED) {
            throw DomainException.conflict("wrong-state", "Ballot " + id + " is OPEN until " + b.closesAt()
                    + "; its result can be acknowledged once it is closed.");
        }
        if (b.acknowledgedBy() != null) {
            throw DomainException.conflict("acknowledged", "Ballot " + id + "'s result was acknowledged by " + b.acknowledgedBy()
                    + " at " + b.acknowledgedAt() + ".");
        }
        sql.sql("UPDATE ballot SET acknowledged_by = :by, acknowledged_at = now() WHERE tenant_id = :tenant AND id = :id")
                .bind("by", user.actor()).bind("id", id).update();
        audit.record("ballot.acknowledge", "ballot", id, null, Map.of("resultSha256", b.result().sha256(), "model", b.model()));
        return get(id).orElseThrow();
    }

    /** A page of the tenant's ballots matching a search. */
    public record Found(List<Ballot> ballots, Paging paging) {
    }

    /** The page {@code requested} of the tenant's ballots whose model or question contains {@code query}, the latest first. */
    @Transactional
    public Found find(String query, int requested) {
        String like = Paging.like(query);
        String where = " WHERE b.tenant_id = :tenant AND (CAST(:like AS text) IS NULL OR lower(b.model) LIKE :like"
                + " OR lower(b.question) LIKE :like)";
        Paging paging = Paging.of(requested, Paging.SIZE,
                sql.sql("SELECT count(*) FROM ballot b" + where).bind("like", like).single(r -> r.getLong(1)));
        return new Found(sql.sql(SELECT + where + " ORDER BY b.id DESC LIMIT :limit OFFSET :offset").bind("like", like)
                .bind("limit", paging.size()).bind("offset", paging.offset()).list(Ballots::ballot), paging);
    }

    /**
     * The page {@code requested} of the ballots on the given models (a member's, whose stakes give it a vote) whose model
     * or question contains {@code query}, the latest first.
     */
    @Transactional
    public Found onModels(List<String> models, String query, int requested) {
        String like = Paging.like(query);
        String where = " WHERE b.tenant_id = :tenant AND b.model = ANY (:models) AND (CAST(:like AS text) IS NULL"
                + " OR lower(b.model) LIKE :like OR lower(b.question) LIKE :like)";
        String[] names = models.toArray(String[]::new);
        Paging paging = Paging.of(requested, Paging.SIZE,
                sql.sql("SELECT count(*) FROM ballot b" + where).bind("models", names).bind("like", like).single(r -> r.getLong(1)));
        return new Found(sql.sql(SELECT + where + " ORDER BY b.id DESC LIMIT :limit OFFSET :offset").bind("models", names)
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset()).list(Ballots::ballot), paging);
    }

    @Transactional
    public Optional<Ballot> get(long id) {
        return sql.sql(SELECT + " WHERE b.tenant_id = :tenant AND b.id = :id").bind("id", id).one(Ballots::ballot);
    }

    /**
     * Closes the ballot if it is due at {@code now} and still open, in the caller's transaction: the UPDATE claims it
     * (a second closer's UPDATE waits for the row and then finds it closed), the tally reads the stakes of that moment
     * and the result is written and audited in the same transaction. Returns whether this call closed it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean closeIfDue(long id, Instant now) {
        int claimed = sql.sql("""
                UPDATE ballot SET state = 'CLOSED', closed_at = now()
                 WHERE tenant_id = :tenant AND id = :id AND state = 'OPEN' AND closes_at <= :now""")
                .bind("id", id).bind("now", now).update();
        if (claimed == 0) {
            return false;
        }
        Ballot b = get(id).orElseThrow();
        java.math.BigInteger total = sql.sql(StakeRegister.PAID + "SELECT coalesce(sum(amount), 0) FROM paid")
                .bind("periods", distributedPeriods.ids()).bind("model", b.model()).single(rs -> StakeRegister.big(rs, 1));
        List<BallotTally.Vote> votes = sql.sql(StakeRegister.PAID + """
                , holder AS (SELECT ref, sum(amount) AS payout FROM paid GROUP BY ref)
                SELECT v.choice, coalesce(h.payout, 0) FROM ballot_vote v LEFT JOIN holder h ON h.ref = v.member_ref
                 WHERE v.tenant_id = :tenant AND v.ballot_id = :id""").bind("periods", distributedPeriods.ids()).bind("model", b.model()).bind("id", id)
                .list(rs -> new BallotTally.Vote(Choice.of(rs.getString(1)), StakeRegister.big(rs, 2).max(java.math.BigInteger.ZERO)));
        BallotTally.Result r = BallotTally.tally(votes, total, b.quorum(), b.threshold());
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("ballot", b.id());
        canonical.put("model", b.model());
        canonical.put("question", b.question());
        canonical.put("closesAt", b.closesAt().toString());
        canonical.put("quorum", b.quorum().toString());
        canonical.put("threshold", b.threshold().toString());
        canonical.put("turnout", r.turnout().rate6());
        canonical.put("yes", r.yes().rate6());
        canonical.put("no", r.no().rate6());
        canonical.put("abstain", r.abstain().rate6());
        canonical.put("quorumMet", r.quorumMet());
        canonical.put("passed", r.passed());
        String json = canonicalJson(canonical);
        String sha = sha256(json);
        String exact = "turnout=" + r.turnout() + " yes=" + r.yes() + " no=" + r.no() + " abstain=" + r.abstain();
        sql.sql("""
                UPDATE ballot SET quorum_met = :quorumMet, passed = :passed, turnout = :turnout, yes_share = :yes,
                       no_share = :no, abstain_share = :abstain, exact_shares = :exact, votes = :votes, result_json = :json,
                       result_sha256 = :sha
                 WHERE tenant_id = :tenant AND id = :id""")
                .bind("quorumMet", r.quorumMet()).bind("passed", r.passed()).bind("turnout", r.turnout().rounded(6))
                .bind("yes", r.yes().rounded(6)).bind("no", r.no().rounded(6)).bind("abstain", r.abstain().rounded(6))
                .bind("exact", exact).bind("votes", r.votes()).bind("json", json).bind("sha", sha).bind("id", id).update();
        Map<String, Object> after = new LinkedHashMap<>(canonical);
        after.put("votes", r.votes());
        after.put("resultSha256", sha);
        after.put("exact", exact);
        audit.record("ballot.close", "ballot", id, Map.of("state", State.OPEN.name()), after);
        return true;
    }

    /** The ids of the entered tenant's open ballots due at {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> due(Instant now) {
        return sql.sql("SELECT id FROM ballot WHERE tenant_id = :tenant AND state = 'OPEN' AND closes_at <= :now ORDER BY closes_at, id")
                .bind("now", now).list(rs -> rs.getLong(1));
    }

    /** Keys sorted, no spaces, UTF-8 (api.md). */
    static String canonicalJson(Map<String, Object> sorted) {
        try {
            return CANONICAL.writeValueAsString(new TreeMap<>(sorted));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the result cannot be written as JSON", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SELECT = """
            SELECT b.id, b.model, b.question, b.closes_at, b.quorum, b.threshold, b.state, b.opened_by, b.opened_at,
                   b.closed_at, b.quorum_met, b.passed, b.turnout, b.yes_share, b.no_share, b.abstain_share, b.votes,
                   b.exact_shares, b.result_json, b.result_sha256, b.acknowledged_by, b.acknowledged_at
              FROM ballot b""";

    private static Ballot ballot(java.sql.ResultSet rs) throws java.sql.SQLException {
        Result result = rs.getString(20) == null ? null : new Result(rs.getBoolean(11), rs.getBoolean(12),
                rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getBigDecimal(15), rs.getBigDecimal(16), rs.getInt(17),
                rs.getString(18), rs.getString(19), rs.getString(20));
        return new Ballot(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rate(rs.getBigDecimal(5)), rate(rs.getBigDecimal(6)), State.valueOf(rs.getString(7)), rs.getString(8),
                rs.getTimestamp(9).toInstant(), StakeGrants.instant(rs, 10), result, rs.getString(21), StakeGrants.instant(rs, 22));
    }

    private static Rate rate(BigDecimal stored) {
        return Rate.ofMillionths(stored.movePointRight(6).longValueExact());
    }
}
