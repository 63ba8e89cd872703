package org.cmoportal.restatement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.Adjustments;
import org.cmoportal.account.TenantLedger;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.RestatedFiling;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.filing.FilingService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * Restatements of distributed filings (economics.md, "Restating a distributed filing"): a builder files one, the
 * engine computes its differences ({@link RestatedFigures}), one administrator approves it, another approves it again
 * and its entries land in the tenant's open period: an {@code ADJUSTED} entry and a statement adjustment per member
 * ({@link Adjustments}), the gross, fee and suspense differences on the CMO's side ({@link TenantLedger}), all with
 * cause {@code restatement} and the restatement's id, in one transaction with the audit records.
 */
@ApplicationScoped
public class Restatements {

    public static final String CAUSE = "restatement";

    /** PROPOSED, then APPROVED_ONCE, then APPROVED; or REJECTED from either of the first two. */
    public enum State { PROPOSED, APPROVED_ONCE, APPROVED, REJECTED }

    /** One stored difference. {@code kind} GROSS, FEES, MEMBER or SUSPENSE; category and ref where they apply. */
    public record Line(String kind, String category, String ref, long before, long after) {
        public long difference() {
            return after - before;
        }
    }

    /** A restatement as its pages and the API show it. */
    public record View(long id, State state, String periodLabel, long periodId, long filingId, int filingSeq,
            String builderSlug, String builderName, String model, String reason, String proposedBy, Instant createdAt,
            String firstApprovedBy, String decidedBy, String landingLabel, String rejection, CurrencyUnit currency,
            Rate dataValueShare, boolean shareFlagged, List<Line> lines) {

        public Line gross() {
            return lines.stream().filter(l -> l.kind().equals("GROSS")).findFirst().orElseThrow();
        }

        public Line fees() {
            return lines.stream().filter(l -> l.kind().equals("FEES")).findFirst().orElseThrow();
        }

        public List<Line> members() {
            return lines.stream().filter(l -> l.kind().equals("MEMBER")).toList();
        }

        public List<Line> suspense() {
            return lines.stream().filter(l -> l.kind().equals("SUSPENSE")).toList();
        }

        /** What the builder owes for it: the tenant gross's difference (a credit when negative). */
        public long owed() {
            return gross().difference();
        }

        /** Filing N of builder / model, period: what a member's statement says is corrected. */
        public String what() {
            return "Filing " + filingId + " of " + builderName + " / " + model + ", " + periodLabel;
        }

        public boolean open() {
            return state == State.PROPOSED || state == State.APPROVED_ONCE;
        }
    }

    @Inject
    FilingService filings;

    @Inject
    RestatedFigures figures;

    @Inject
    Adjustments adjustments;

    @Inject
    TenantLedger tenantLedger;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    @Inject
    TenantSql sql;

    /** The restated filing: its id, builder, model, period. */
    private record Original(long id, long builderId, String model, long periodId, String periodLabel, String periodState,
            String status) {
    }

    /**
     * Takes a restatement of filing {@code filingId} of period {@code periodLabel} from one of the filing's builder's
     * users: 404 for a filing that is not theirs, 409 unless the period is distributed and the filing was in it, 422 for
     * a missing reason or any problem a filing would have. Answers the new restatement's id.
     */
    public long propose(String periodLabel, long filingId, java.util.function.Supplier<String> reason, FilingService.Parts parts) {
        Original original = original(periodLabel, filingId);
        String[] reasonGiven = {null};
        return filings.restate(periodLabel, original.model(), parts, new FilingService.RestatementStore() {
            @Override
            public long store(FilingService.Restating r) {
                // the reason is a part of the same body, read by now whatever the order of the parts
                String why = reasonGiven[0] = reason(reason.get());
                long id = sql.sql("""
                        INSERT INTO restatement (tenant_id, period_id, filing_id, state, reason, builder_id, model, currency,
                                                 revenue, serving_cost, post_training_cost, data_value_share, share_flagged,
                                                 usage_sha256, usage_lines, proposed_by)
                        VALUES (:tenant, :period, :filing, 'PROPOSED', :reason, :builder, :model, :currency, :revenue, :serving,
                                :postTraining, :share, :flagged, :sha, :lines, :by)
                        RETURNING id""")
                        .bind("period", original.periodId()).bind("filing", original.id()).bind("reason", why)
                        .bind("builder", original.builderId()).bind("model", original.model())
                        .bind("currency", r.terms().currency().code()).bind("revenue", r.valid().figures().revenue())
                        .bind("serving", r.valid().figures().servingCost())
                        .bind("postTraining", r.valid().figures().postTrainingCost())
                        .bind("share", r.valid().figures().dataValueShare().toBigDecimal())
                        .bind("flagged", !r.terms().terms().shareBand().contains(r.valid().figures().dataValueShare()))
                        .bind("sha", r.usageSha256()).bind("lines", r.usageLines()).bind("by", user.actor())
                        .single(rs -> rs.getLong(1));
                r.valid().figures().mixtureWeights().weights().forEach((category, weight) -> sql.sql("""
                        INSERT INTO restatement_category (restatement_id, tenant_id, category_key, weight)
                        VALUES (:id, :tenant, :category, :weight)""")
                        .bind("id", id).bind("category", category).bind("weight", weight.toBigDecimal()).update());
                return id;
            }

            @Override
            public void usageStored(long id) {
                RestatedFiling result = figures.compute(id, original.id(), original.periodId());
                for (Line l : lines(result)) {
                    sql.sql("""
                            INSERT INTO restatement_line (restatement_id, tenant_id, kind, category_key, member_ref, before, after)
                            VALUES (:id, :tenant, :kind, :category, :ref, :before, :after)""")
                            .bind("id", id).bind("kind", l.kind()).bind("category", l.category()).bind("ref", l.ref())
                            .bind("before", l.before()).bind("after", l.after()).update();
                }
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("state", State.PROPOSED.name());
                after.put("period", original.periodLabel());
                after.put("filing", original.id());
                after.put("model", original.model());
                after.put("reason", reasonGiven[0]);
                after.put("tenantGrossDifference", result.tenantGrossDifference());
                after.put("feesDifference", result.feesDifference());
                after.put("suspenseDifference", result.suspenseDifference());
                after.put("membersDifference", result.membersDifference());
                audit.record("restatement.propose", "restatement", id, null, after);
            }
        });
    }

    /** A reason as given, or 422 saying what to write. */
    static String reason(String given) {
        String why = given == null ? "" : given.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw DomainException.invalid("reason", why.isEmpty()
                    ? "missing; say what the restatement corrects (up to 500 characters): members read it on their statements"
                    : "has " + why.length() + " characters; at most 500 are allowed");
        }
        return why;
    }

    /** The engine's result as the rows a restatement keeps: gross, fees, then members, then suspense keys. */
    static List<Line> lines(RestatedFiling r) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("GROSS", null, null, r.before().tenantGross(), r.after().tenantGross()));
        lines.add(new Line("FEES", null, null, r.before().fees(), r.after().fees()));
        r.members().forEach(m -> lines.add(new Line("MEMBER", null, m.ref(), m.before(), m.after())));
        r.suspense().forEach(s -> lines.add(new Line("SUSPENSE", s.category(), s.ref(), s.before(), s.after())));
        return lines;
    }

    private Original original(String periodLabel, long filingId) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            Original o = sql.sql("""
                    SELECT f.id, f.builder_id, f.model, p.id, p.label, p.state, f.status
                      FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                     WHERE f.tenant_id = :tenant AND f.id = :id AND p.label = :label""").bind("id", filingId).bind("label", periodLabel)
                    .one(rs -> new Original(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)))
                    .orElse(null);
            // only the filing's own organisation restates it; to anyone else it does not exist
            if (o == null || !user.affiliations().builderIds().contains(o.builderId())) {
                throw DomainException.notFound("Filing " + filingId);
            }
            if (!o.periodState().equals("DISTRIBUTED")) {
                throw DomainException.conflict("period-not-distributed", "Period " + o.periodLabel() + " is " + o.periodState()
                        + ": only a filing of a distributed period is restated."
                        + (o.periodState().equals("OPEN") ? " While the period is OPEN, file the model again instead." : ""));
            }
            if (!o.status().equals("ACCEPTED")) {
                throw DomainException.conflict("filing-not-distributed", "Filing " + filingId + " is " + o.status()
                        + ": it was not distributed, so there is nothing to restate.");
            }
            return o;
        });
    }

    /**
     * An administrator's approval: the first marks it APPROVED_ONCE; the second, by another administrator, posts its
     * entries into the tenant's open period (409 if the same administrator, if no period is open, or if the engine no
     * longer computes what was proposed).
     */
    @Transactional
    public View approve(long id) {
        View r = lockedForAdmin(id);
        String me = user.actor();
        Map<String, Object> before = Map.of("state", r.state().name());
        if (r.state() == State.PROPOSED) {
            sql.sql("""
                    UPDATE restatement SET state = 'APPROVED_ONCE', first_approved_by = :me, first_approved_at = now()
                     WHERE tenant_id = :tenant AND id = :id""").bind("me", me).bind("id", id).update();
            audit.record("restatement.approve", "restatement", id, before, Map.of("state", State.APPROVED_ONCE.name()));
            return view(id);
        }
        if (r.state() != State.APPROVED_ONCE) {
            throw DomainException.conflict("restatement-" + r.state().name().toLowerCase().replace('_', '-'),
                    "Restatement " + id + " is " + r.state() + "; only a PROPOSED or APPROVED_ONCE restatement is approved.");
        }
        if (me.equals(r.firstApprovedBy())) {
            throw DomainException.conflict("same-approver", "You gave restatement " + id + " its first approval; another"
                    + " administrator must give the second (four eyes).");
        }
        OpenPeriod landing = sql.sql("""
                SELECT id, label FROM period WHERE tenant_id = :tenant AND state = 'OPEN' ORDER BY opened_at DESC, id DESC LIMIT 1
                FOR SHARE""").one(rs -> new OpenPeriod(rs.getLong(1), rs.getString(2)))
                .orElseThrow(() -> DomainException.conflict("no-open-period", "No period is open: restatement " + id
                        + " lands in the current open period. Open a period, then approve it."));
        long landingId = landing.id();
        RestatedFiling result = figures.compute(id, r.filingId(), r.periodId());
        if (!lines(result).equals(r.lines())) {
            throw DomainException.conflict("restatement-changed", "The engine no longer computes what restatement " + id
                    + " proposed (a ref it names has been claimed since, or a member added); reject it and ask "
                    + r.builderName() + " to file it again.");
        }
        String what = r.what();
        for (RestatedFiling.MemberDifference m : result.members()) {
            adjustments.post(new Adjustments.Correction(m.ref(), what, m.before(), m.after(), r.reason()), landingId, CAUSE, id);
        }
        String reason = "Restatement " + id + " of " + what + ": " + r.reason();
        reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        tenantLedger.post(TenantLedger.Account.GROSS, result.tenantGrossDifference(), landingId, CAUSE, id, reason);
        tenantLedger.post(TenantLedger.Account.FEES, result.feesDifference(), landingId, CAUSE, id, reason);
        for (RestatedFiling.SuspenseDifference s : result.suspense()) {
            tenantLedger.postSuspense(new TenantLedger.SuspenseKey(r.periodId(), s.category(), s.ref()), s.difference(), landingId,
                    CAUSE, id, reason);
        }
        sql.sql("""
                UPDATE restatement SET state = 'APPROVED', decided_by = :me, decided_at = now(), landing_period_id = :landing
                 WHERE tenant_id = :tenant AND id = :id""").bind("me", me).bind("landing", landingId).bind("id", id).update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("state", State.APPROVED.name());
        after.put("landingPeriod", landing.label());
        after.put("tenantGrossDifference", result.tenantGrossDifference());
        after.put("feesDifference", result.feesDifference());
        after.put("suspenseDifference", result.suspenseDifference());
        after.put("membersDifference", result.membersDifference());
        audit.record("restatement.approve", "restatement", id, before, after);
        return view(id);
    }

    /** An administrator turns it down, saying why; nothing is posted. */
    @Transactional
    public View reject(long id, String reason) {
        View r = lockedForAdmin(id);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw DomainException.invalid(List.of(new Problem("reason", why.isEmpty()
                    ? "missing; say why the restatement is rejected (the builder reads it)" : "at most 500 characters")));
        }
        if (!r.open()) {
            throw DomainException.conflict("restatement-" + r.state().name().toLowerCase(), "Restatement " + id + " is "
                    + r.state() + "; only a PROPOSED or APPROVED_ONCE restatement can be rejected.");
        }
        sql.sql("""
                UPDATE restatement SET state = 'REJECTED', rejection = :why, decided_by = :me, decided_at = now()
                 WHERE tenant_id = :tenant AND id = :id""").bind("why", why).bind("me", user.actor()).bind("id", id).update();
        audit.record("restatement.reject", "restatement", id, Map.of("state", r.state().name()),
                Map.of("state", State.REJECTED.name(), "reason", why));
        return view(id);
    }

    private View lockedForAdmin(long id) {
        requireAdmin();
        sql.sql("SELECT id FROM restatement WHERE tenant_id = :tenant AND id = :id FOR UPDATE").bind("id", id)
                .one(rs -> rs.getLong(1)).orElseThrow(() -> DomainException.notFound("Restatement " + id));
        return view(id);
    }

    private void requireAdmin() {
        if (!user.affiliations().administers(tenant.tenantId())) {
            throw DomainException.notFound("Restatement");
        }
    }

    /** One restatement the caller may see: any for the CMO's administrators, its own organisation's for a builder. */
    @Transactional
    public View get(long id) {
        View v = viewOrNull(id);
        if (v == null || !visible(v)) {
            throw DomainException.notFound("Restatement " + id);
        }
        return v;
    }

    /**
     * One restatement the caller may see, without its members' lines (one per member paid from the filing, which its
     * pages read a page at a time through {@link #members}): gross, fees and suspense as stored.
     */
    @Transactional
    public View summary(long id) {
        View v = viewOrNull(id, false);
        if (v == null || !visible(v)) {
            throw DomainException.notFound("Restatement " + id);
        }
        return v;
    }

    /**
     * A page of a restatement's members, and their sums before and after over all of them (the search narrows the
     * rows, never the sums).
     */
    public record Members(List<Line> rows, long before, long after, Paging paging) {
        public long difference() {
            return after - before;
        }
    }

    /**
     * The page {@code requested} of restatement {@code id}'s members, by ref, where the member ref holds the search (any
     * case): counted, summed and read a page at a time in the database; 404 for a restatement the caller may not see.
     */
    @Transactional
    public Members members(long id, String query, int requested) {
        summary(id);
        String like = Paging.like(query);
        long[] all = sql.sql("""
                SELECT count(*) FILTER (WHERE CAST(:like AS text) IS NULL OR lower(member_ref) LIKE :like),
                       coalesce(sum(before), 0), coalesce(sum(after), 0)
                  FROM restatement_line WHERE tenant_id = :tenant AND restatement_id = :id AND kind = 'MEMBER'""")
                .bind("id", id).bind("like", like).single(rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
        Paging paging = Paging.of(requested, Paging.SIZE, all[0]);
        List<Line> rows = sql.sql("""
                SELECT kind, category_key, member_ref, before, after FROM restatement_line
                 WHERE tenant_id = :tenant AND restatement_id = :id AND kind = 'MEMBER'
                   AND (CAST(:like AS text) IS NULL OR lower(member_ref) LIKE :like)
                 ORDER BY member_ref COLLATE "C" LIMIT :limit OFFSET :offset""")
                .bind("id", id).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        return new Members(rows, all[1], all[2], paging);
    }

    /** A page of the restatements an administrator reads, newest first. */
    public record Page(String query, Paging paging, List<View> rows) {
    }

    private static final String SEARCHED = """
            FROM restatement r
            JOIN period p ON p.tenant_id = r.tenant_id AND p.id = r.period_id
            JOIN builder_org b ON b.id = r.builder_id
            WHERE r.tenant_id = :tenant AND (CAST(:admin AS boolean) OR r.builder_id = ANY (:builders))
              AND (CAST(:like AS text) IS NULL OR CAST(r.id AS text) = :q OR lower(r.state) LIKE :like
                   OR lower(p.label) LIKE :like OR lower(r.model) LIKE :like OR lower(b.slug) LIKE :like OR lower(b.name) LIKE :like
                   OR lower(r.reason) LIKE :like)
            """;

    /**
     * The entered tenant's restatements a page at a time, newest first, searched by number (whole), state, period,
     * model, builder or reason; for its administrators, who see every one.
     */
    @Transactional
    public Page page(String query, int page) {
        return page(true, new Long[0], query, page, Paging.SIZE);
    }

    /**
     * For the API: the page {@code requested} ({@code size} restatements) of those the caller may see, searched the
     * same way: every one for the CMO's administrators, its own organisations' for a builder.
     */
    @Transactional
    public Page page(String query, int requested, int size) {
        boolean admin = user.affiliations().administers(tenant.tenantId());
        return page(admin, admin ? new Long[0] : user.affiliations().builderIds().toArray(Long[]::new), query, requested, size);
    }

    private Page page(boolean admin, Long[] builders, String query, int requested, int size) {
        String like = Paging.like(query);
        String q = Paging.query(query).replaceFirst("^#", "");
        Paging paging = Paging.of(requested, size, sql.sql("SELECT count(*) " + SEARCHED).bind("admin", admin).bind("builders", builders)
                .bind("like", like).bind("q", q).single(rs -> rs.getLong(1)));
        List<Long> ids = sql.sql("SELECT r.id " + SEARCHED + " ORDER BY r.id DESC LIMIT :limit OFFSET :offset").bind("admin", admin)
                .bind("builders", builders).bind("like", like).bind("q", q).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> rs.getLong(1));
        return new Page(Paging.query(query), paging, ids.stream().map(this::view).toList());
    }

    /** What each of the caller's organisations owes for approved restatements, by builder id: the gross differences. */
    @Transactional
    public List<View> approvedOf(Set<Long> builderIds) {
        List<Long> ids = sql.sql("""
                SELECT id FROM restatement WHERE tenant_id = :tenant AND state = 'APPROVED' AND builder_id = ANY(:builders)
                 ORDER BY id""").bind("builders", builderIds.toArray(Long[]::new)).list(rs -> rs.getLong(1));
        return ids.stream().map(this::view).toList();
    }

    private boolean visible(View v) {
        if (user.affiliations().administers(tenant.tenantId())) {
            return true;
        }
        Long builder = sql.sql("SELECT builder_id FROM restatement WHERE tenant_id = :tenant AND id = :id").bind("id", v.id())
                .single(rs -> rs.getLong(1));
        return user.affiliations().builderIds().contains(builder);
    }

    private View view(long id) {
        return Objects.requireNonNull(viewOrNull(id));
    }

    private View viewOrNull(long id) {
        return viewOrNull(id, true);
    }

    /** {@code members}: with the members' lines, else only gross, fees and suspense (a page reads members a page at a time). */
    private View viewOrNull(long id, boolean members) {
        List<Line> lines = sql.sql("""
                SELECT kind, category_key, member_ref, before, after FROM restatement_line WHERE tenant_id = :tenant AND restatement_id = :id
                   AND (CAST(:members AS boolean) OR kind <> 'MEMBER')
                 ORDER BY CASE kind WHEN 'GROSS' THEN 0 WHEN 'FEES' THEN 1 WHEN 'MEMBER' THEN 2 ELSE 3 END,
                          category_key COLLATE "C" NULLS FIRST, member_ref COLLATE "C" NULLS FIRST""")
                .bind("id", id).bind("members", members)
                .list(rs -> new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        return sql.sql("""
                SELECT r.id, r.state, p.label, p.id, r.filing_id, f.seq, b.slug, b.name, r.model, r.reason, r.proposed_by,
                       r.created_at, r.first_approved_by, r.decided_by, lp.label, r.rejection, r.currency, r.data_value_share,
                       r.share_flagged
                  FROM restatement r
                  JOIN period p ON p.tenant_id = r.tenant_id AND p.id = r.period_id
                  JOIN filing f ON f.tenant_id = r.tenant_id AND f.id = r.filing_id
                  JOIN builder_org b ON b.id = r.builder_id
                  LEFT JOIN period lp ON lp.tenant_id = r.tenant_id AND lp.id = r.landing_period_id
                 WHERE r.tenant_id = :tenant AND r.id = :id""").bind("id", id)
                .one(rs -> new View(rs.getLong(1), State.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getTimestamp(12).toInstant(), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                        CurrencyUnit.of(rs.getString(17)), RestatedFigures.rate(rs.getBigDecimal(18)), rs.getBoolean(19), lines))
                .orElse(null);
    }

    /** The open period a restatement lands in. */
    private record OpenPeriod(long id, String label) {
    }

    /** How many restatements proposed or approved once, waiting for an administrator's approval (the administrator's home lists what needs doing). */
    @Transactional
    public long waitingForAdministrators() {
        return sql.sql("SELECT count(*) FROM restatement WHERE tenant_id = :tenant AND state IN ('PROPOSED', 'APPROVED_ONCE')").single(rs -> rs.getLong(1));
    }
}
