package org.cmoportal.dispute;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.Adjustments;
import org.cmoportal.account.DistributedPeriods;
import org.cmoportal.account.TenantLedger;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.money.AmountFormatException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.CategoryNames;
import org.cmoportal.web.Paging;

/**
 * Disputes of statement lines (economics.md, "Disputes"): a member disputes a line of their statement within the
 * tenant's {@code dispute_window_days} of the period's distribution; an administrator rejects it with a reason or
 * proposes a signed adjustment; another administrator approves the proposal, which posts the member's
 * {@code ADJUSTED} entry (with the statement's adjustment row, {@link Adjustments}) into the tenant's open period and
 * minus the adjustment to that period's fees ({@link TenantLedger}): the CMO answers for it, and conservation holds.
 *
 * <p>Every step locks the dispute's row, so two approvals post once and a proposal cannot change under its approval;
 * the schema holds the transitions (V20's trigger) and one open dispute per line (a unique index).
 */
@ApplicationScoped
public class Disputes {

    public static final String CAUSE = "dispute";
    static final int MESSAGE_MAX = 2000;
    static final int REASON_MAX = 500;

    public enum State {
        OPEN, REJECTED, PROPOSED, APPROVED;

        /** Waiting for an administrator: an answer (OPEN) or the second administrator's approval (PROPOSED). */
        public boolean pending() {
            return this == OPEN || this == PROPOSED;
        }
    }

    /**
     * A dispute with the line it disputes as the member's statement shows it. {@code corrected} is what the line stands
     * at after the approved adjustments of other disputes of the same line (the line's amount when there are none):
     * the "before" of this dispute's adjustment.
     */
    public record Dispute(long id, long lineId, long statementId, String period, String ref, String memberName,
            String builder, String model, String category, long lineAmount, long corrected, String message, String openedBy,
            Instant openedAt, State state, String answer, Long adjustment, String resolvedBy, Instant resolvedAt,
            String approvedBy, Instant approvedAt, String landingPeriod, String currency) {

        public CurrencyUnit unit() {
            return CurrencyUnit.of(currency);
        }

        /** The line's amount once the proposed adjustment is approved; the corrected amount without one. */
        public long after() {
            return corrected + (adjustment == null ? 0 : adjustment);
        }

        /** What the CMO's fees change by when the adjustment is approved: the CMO answers for it. */
        public long feesChange() {
            return adjustment == null ? 0 : -adjustment;
        }

        /** What the member's statement names as corrected (V18's {@code adjustment.what}). */
        public String what() {
            return "Line " + lineId + " of " + period + ": " + builder + " / " + model + ", " + category;
        }
    }

    /**
     * How long the lines of a distributed period may be disputed: from the day of its distribution (UTC) through
     * {@code lastDay}, {@code days} later. {@code open} on {@code today}.
     */
    public record Window(LocalDate distributedOn, int days, LocalDate lastDay, LocalDate today) {

        /**
         * The window of a period distributed on {@code distributedOn} (UTC), {@code days} long, as it stands on
         * {@code today}; none for a period without a recorded distribution. For a reader that has the three already
         * (a statement's header reads them with the statement).
         */
        public static java.util.Optional<Window> of(LocalDate distributedOn, int days, LocalDate today) {
            return distributedOn == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new Window(distributedOn, days, distributedOn.plusDays(days), today));
        }

        public boolean open() {
            return !today.isAfter(lastDay);
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    DistributedPeriods distributedPeriods;

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    Adjustments adjustments;

    @Inject
    TenantLedger tenantLedger;

    @Inject
    CategoryNames categories;

    /** A member disputes a line of a statement of a ref they hold; 404 for anyone else's line. */
    @Transactional
    public Dispute open(Long lineId, String messageText) {
        if (lineId == null) {
            throw DomainException.invalid("statementLineId", "Name the statement line you dispute: the line's id from your"
                    + " statement (the statement JSON's lines[].id, or the Dispute button beside the line).");
        }
        record Line(long statementId, long periodId, String period, String ref, Window window) {
        }
        Line line = sql.sql("""
                SELECT s.id, s.period_id, p.label, s.member_ref, (p.distributed_at AT TIME ZONE 'UTC')::date,
                       t.dispute_window_days, (now() AT TIME ZONE 'UTC')::date
                  FROM statement_line l
                  JOIN statement s ON s.tenant_id = :tenant AND s.id = l.statement_id
                  JOIN period p ON p.tenant_id = :tenant AND p.id = s.period_id
                  JOIN tenant t ON t.id = :tenant
                 WHERE l.tenant_id = :tenant AND l.period_id = ANY (:periods) AND l.id = :line""")
                .bind("periods", distributedPeriods.ids()).bind("line", lineId)
                .one(r -> new Line(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), window(r, 5)))
                .filter(l -> holds(l.ref()))
                .orElseThrow(() -> DomainException.notFound("Statement line " + lineId));
        List<Problem> problems = new ArrayList<>();
        String message = text("message", messageText, MESSAGE_MAX, "Say what is wrong with the line (1 to " + MESSAGE_MAX
                + " characters), for example \"my usage by this model was reported under another ref\".", problems);
        Window w = line.window();
        if (!w.open()) {
            problems.add(new Problem("statementLineId", "The window for disputing the lines of " + line.period()
                    + " closed on " + w.lastDay() + ": " + w.days() + " days after its distribution on " + w.distributedOn()
                    + ". Ask the CMO directly about older periods."));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        sql.sql("SELECT id FROM dispute WHERE tenant_id = :tenant AND statement_line_id = :line AND state IN ('OPEN', 'PROPOSED')")
                .bind("line", lineId).one(r -> r.getLong(1)).ifPresent(open -> {
                    throw DomainException.conflict("dispute-open", "Line " + lineId + " is already disputed (dispute " + open
                            + "), and the CMO has not closed that dispute yet; follow it in your disputes. A line has one"
                            + " open dispute at a time.");
                });
        long id = sql.sql("""
                INSERT INTO dispute (tenant_id, statement_line_id, statement_id, period_id, member_ref, message, opened_by, state)
                VALUES (:tenant, :line, :statement, :period, :ref, :message, :by, 'OPEN') RETURNING id""")
                .bind("line", lineId).bind("statement", line.statementId()).bind("period", line.periodId())
                .bind("ref", line.ref()).bind("message", message).bind("by", user.actor()).single(r -> r.getLong(1));
        Dispute d = find(id);
        audit.record("dispute.open", "dispute", id, null, figures(d));
        return d;
    }

    /**
     * An administrator answers an open dispute, or replaces a proposal not yet approved: no adjustment rejects it with
     * the reason; an adjustment (signed, in major units) is proposed for another administrator's approval.
     */
    @Transactional
    public Dispute resolve(long id, String adjustmentText, String reasonText) {
        Dispute d = lock(id);
        if (!d.state().pending()) {
            throw DomainException.conflict("dispute-closed", "Dispute " + id + " is " + d.state() + closedBy(d)
                    + "; a closed dispute is not answered again. The member can open a new dispute of the line.");
        }
        List<Problem> problems = new ArrayList<>();
        Long adjustment = adjustment(adjustmentText, d, problems);
        String reason = text("reason", reasonText, REASON_MAX, adjustment == null && blank(adjustmentText)
                ? "Say why the dispute is rejected (1 to " + REASON_MAX + " characters); the member reads it."
                : "Say why the line is adjusted (1 to " + REASON_MAX + " characters); the member's statement shows it.", problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Map<String, Object> before = figures(d);
        State state = adjustment == null ? State.REJECTED : State.PROPOSED;
        sql.sql("""
                UPDATE dispute SET state = :state, answer = :answer, adjustment = :adjustment, resolved_by = :by, resolved_at = now()
                 WHERE tenant_id = :tenant AND id = :id""")
                .bind("state", state.name()).bind("answer", reason).bind("adjustment", adjustment).bind("by", user.actor())
                .bind("id", id).update();
        Dispute after = find(id);
        audit.record(state == State.REJECTED ? "dispute.reject" : "dispute.propose", "dispute", id, before, figures(after));
        return after;
    }

    /**
     * Another administrator approves a proposed adjustment: the member's {@code ADJUSTED} entry and its statement row
     * land in the tenant's open period, and the fees of that period change by minus the adjustment.
     */
    @Transactional
    public Dispute approve(long id) {
        Dispute d = lock(id);
        if (d.state() != State.PROPOSED) {
            throw DomainException.conflict("wrong-state", "Dispute " + id + " is " + d.state() + closedBy(d)
                    + (d.state() == State.OPEN ? "; an administrator first proposes an adjustment, then another approves it."
                            : "; only a proposed adjustment is approved, once."));
        }
        if (user.actor().equals(d.resolvedBy())) {
            throw DomainException.conflict("four-eyes", "You proposed this adjustment, so you cannot approve it: another"
                    + " administrator of this CMO must check it and approve (four eyes).");
        }
        if (d.after() < 0) {
            // the line's other disputes cannot change while this one is pending (one open dispute per line), so this
            // holds what resolve checked; it stays as the last guard before money moves
            throw DomainException.invalid("adjustment", negative(d, d.adjustment()));
        }
        record Landing(long id, String label) {
        }
        // FOR SHARE: the period stays open until this transaction ends (closing it waits)
        Landing landing = sql.sql("""
                SELECT id, label FROM period WHERE tenant_id = :tenant AND state = 'OPEN' ORDER BY id DESC LIMIT 1 FOR SHARE""")
                .one(r -> new Landing(r.getLong(1), r.getString(2)))
                .orElseThrow(() -> DomainException.conflict("no-open-period", "The adjustment lands in the CMO's open period,"
                        + " and no period is open. Open the next period, then approve dispute " + id + "."));
        Long entry = adjustments.post(new Adjustments.Correction(d.ref(), d.what(), d.corrected(), d.after(), d.answer()),
                landing.id(), CAUSE, id);
        tenantLedger.post(TenantLedger.Account.FEES, -d.adjustment(), landing.id(), CAUSE, id,
                "Dispute " + id + ": the CMO answers for the adjustment of line " + d.lineId() + " from its fees");
        sql.sql("""
                UPDATE dispute SET state = 'APPROVED', approved_by = :by, approved_at = now(), landing_period_id = :landing,
                                   account_entry_id = :entry
                 WHERE tenant_id = :tenant AND id = :id""")
                .bind("by", user.actor()).bind("landing", landing.id()).bind("entry", entry).bind("id", id).update();
        Dispute after = find(id);
        Map<String, Object> figures = figures(after);
        figures.put("feesChange", Amounts.format(-d.adjustment(), d.unit()));
        figures.put("entry", entry);
        audit.record("dispute.approve", "dispute", id, figures(d), figures);
        return after;
    }

    /** One dispute, for the member holding its ref or an administrator; 404 for anyone else. */
    @Transactional
    public Dispute get(long id) {
        Dispute d = find(id);
        if (!(isAdmin() || holds(d.ref()))) {
            throw notFound(id);
        }
        return d;
    }

    /** A page of the tenant's disputes in some states, as an administrator searches them. */
    public record Found(List<Dispute> disputes, Paging paging) {
    }

    /**
     * For an administrator: the page {@code requested} of the tenant's disputes in {@code states}, the latest first,
     * those whose member (ref or name), period or model contains {@code query}.
     */
    @Transactional
    public Found find(List<State> states, String query, int requested) {
        return find(true, new String[0], states, query, requested, Paging.SIZE);
    }

    /**
     * For the API and a member's own page: the page {@code requested} ({@code size} disputes) of those the caller may see, searched as
     * {@link #find(List, String, int)} does: an administrator's every dispute of the tenant in {@code states} (all
     * when empty), a member's own.
     */
    @Transactional
    public Found find(List<State> states, String query, int requested, int size) {
        boolean admin = isAdmin();
        String[] refs = !admin && user.hasRole(Roles.MEMBER)
                ? user.affiliations().memberRefsIn(tenant.tenantId()).toArray(String[]::new) : new String[0];
        return find(admin, refs, states == null || states.isEmpty() ? List.of(State.values()) : states, query, requested, size);
    }

    /** The page of the disputes in {@code states}: every one of the tenant's for {@code admin}, else those of {@code refs}. */
    private Found find(boolean admin, String[] refs, List<State> states, String query, int requested, int size) {
        String[] wanted = states.stream().map(Enum::name).toArray(String[]::new);
        String like = Paging.like(query);
        String where = " WHERE d.tenant_id = :tenant AND (CAST(:admin AS boolean) OR d.member_ref = ANY (:refs))"
                + " AND d.state = ANY (:states) AND (CAST(:like AS text) IS NULL"
                + " OR lower(d.member_ref) LIKE :like OR lower(s.member_name) LIKE :like OR lower(p.label) LIKE :like"
                + " OR lower(l.model) LIKE :like)";
        long count = sql.sql("""
                SELECT count(*) FROM dispute d
                  JOIN statement_line l ON l.tenant_id = :tenant AND l.period_id = ANY (:periods) AND l.period_id = d.period_id
                                       AND l.id = d.statement_line_id
                  JOIN statement s ON s.tenant_id = :tenant AND s.id = d.statement_id
                  JOIN period p ON p.tenant_id = :tenant AND p.id = d.period_id""" + where)
                .bind("periods", distributedPeriods.ids()).bind("admin", admin).bind("refs", refs).bind("states", wanted)
                .bind("like", like).single(r -> r.getLong(1));
        Paging paging = Paging.of(requested, size, count);
        List<Dispute> rows = sql.sql(DISPUTE + where + " ORDER BY d.id DESC LIMIT :limit OFFSET :offset")
                .bind("periods", distributedPeriods.ids()).bind("admin", admin).bind("refs", refs).bind("states", wanted)
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(this::dispute);
        return new Found(rows, paging);
    }

    /** How many disputes wait for an answer and how many for an approval, for the administrator's home. */
    @Transactional
    public Map<State, Long> pendingCounts() {
        Map<State, Long> counts = new LinkedHashMap<>();
        counts.put(State.OPEN, 0L);
        counts.put(State.PROPOSED, 0L);
        sql.sql("SELECT state, count(*) FROM dispute WHERE tenant_id = :tenant AND state IN ('OPEN', 'PROPOSED') GROUP BY state")
                .list(r -> counts.put(State.valueOf(r.getString(1)), r.getLong(2)));
        return counts;
    }

    /** A line of a statement the caller holds, as a dispute form shows it; 404 for anyone else's line. */
    @Transactional
    public LineToDispute line(long lineId) {
        return sql.sql("""
                SELECT l.id, s.id, p.label, s.member_ref, s.member_name, l.builder_name, l.model, l.category_key, l.amount,
                       t.currency, (p.distributed_at AT TIME ZONE 'UTC')::date, t.dispute_window_days,
                       (now() AT TIME ZONE 'UTC')::date,
                       (SELECT id FROM dispute x WHERE x.tenant_id = :tenant AND x.statement_line_id = l.id
                           AND x.state IN ('OPEN', 'PROPOSED'))
                  FROM statement_line l
                  JOIN statement s ON s.tenant_id = :tenant AND s.id = l.statement_id
                  JOIN period p ON p.tenant_id = :tenant AND p.id = s.period_id
                  JOIN tenant t ON t.id = :tenant
                 WHERE l.tenant_id = :tenant AND l.period_id = ANY (:periods) AND l.id = :line""")
                .bind("periods", distributedPeriods.ids()).bind("line", lineId)
                .one(r -> new LineToDispute(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getString(7), categories.nameOf(r.getString(8)), r.getLong(9), r.getString(10),
                        window(r, 11), (Long) r.getObject(14)))
                .filter(l -> holds(l.ref()))
                .orElseThrow(() -> DomainException.notFound("Statement line " + lineId));
    }

    /** A statement line as the member's dispute form shows it, with its window and the dispute already open, if any. */
    public record LineToDispute(long id, long statementId, String period, String ref, String memberName, String builder,
            String model, String category, long amount, String currency, Window window, Long openDispute) {

        public CurrencyUnit unit() {
            return CurrencyUnit.of(currency);
        }
    }

    public boolean isAdmin() {
        return user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
    }

    /** The signed-in person's name as the audit log and the dispute record it. */
    public String actor() {
        return user.actor();
    }

    private boolean holds(String ref) {
        return ref != null && user.hasRole(Roles.MEMBER) && user.affiliations().holdsRef(tenant.tenantId(), ref);
    }

    /** A signed amount in major units ("-12.50", "+3", "3"); null when blank (a rejection). */
    private Long adjustment(String text, Dispute d, List<Problem> problems) {
        if (blank(text)) {
            return null;
        }
        String t = text.strip();
        boolean negative = t.startsWith("-") || t.startsWith("\u2212");
        if (negative || t.startsWith("+")) {
            t = t.substring(1).strip();
        }
        long amount;
        try {
            amount = Amounts.parse(t, d.unit());
        } catch (AmountFormatException e) {
            problems.add(new Problem("adjustment", e.getMessage() + ". Give the correction of the line as a signed amount in "
                    + d.currency() + " (\"12.50\" pays the member more, \"-12.50\" takes back), or leave it empty to reject."));
            return null;
        }
        if (amount == 0) {
            problems.add(new Problem("adjustment", "An adjustment of 0 corrects nothing: give a signed amount, or leave it"
                    + " empty to reject the dispute with the reason."));
            return null;
        }
        long signed = negative ? -amount : amount;
        if (d.corrected() + signed < 0) {
            problems.add(new Problem("adjustment", negative(d, signed)));
            return null;
        }
        return signed;
    }

    private static String negative(Dispute d, long adjustment) {
        CurrencyUnit c = d.unit();
        return "The line stands at " + Amounts.format(d.corrected(), c) + " " + d.currency() + "; an adjustment of "
                + Amounts.format(adjustment, c) + " would make it negative. At most -" + Amounts.format(d.corrected(), c)
                + " can be taken back.";
    }

    /**
     * Text a person typed: required, at most {@code max} characters, printable (a message keeps its line breaks and
     * tabs). Null with a problem when it does not fit.
     */
    private static String text(String where, String value, int max, String what, List<Problem> problems) {
        String t = value == null ? "" : value.replace("\r\n", "\n").strip();
        if (t.isEmpty() || t.codePointCount(0, t.length()) > max) {
            problems.add(new Problem(where, what));
            return null;
        }
        var bad = PrintableText.check(where, t.replace('\n', ' ').replace('\t', ' '));
        if (bad.isPresent()) {
            problems.add(bad.get());
            return null;
        }
        return t;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String closedBy(Dispute d) {
        return switch (d.state()) {
            case REJECTED -> " (rejected by " + d.resolvedBy() + ")";
            case APPROVED -> " (approved by " + d.approvedBy() + ")";
            default -> "";
        };
    }

    private static Window window(ResultSet r, int from) throws SQLException {
        LocalDate distributed = r.getObject(from, LocalDate.class);
        int days = r.getInt(from + 1);
        return new Window(distributed, days, distributed.plusDays(days), r.getObject(from + 2, LocalDate.class));
    }

    private Dispute find(long id) {
        return sql.sql(DISPUTE + " WHERE d.tenant_id = :tenant AND d.id = :id").bind("periods", distributedPeriods.ids()).bind("id", id).one(this::dispute)
                .orElseThrow(() -> notFound(id));
    }

    /** Locks the row for a step by an administrator (the route admits only them). */
    private Dispute lock(long id) {
        sql.sql("SELECT id FROM dispute WHERE tenant_id = :tenant AND id = :id FOR UPDATE").bind("id", id).one(r -> r.getLong(1))
                .orElseThrow(() -> notFound(id));
        return find(id);
    }

    private static DomainException notFound(long id) {
        return DomainException.notFound("Dispute " + id);
    }

    /**
     * A dispute with its line as published; {@code corrected} adds the approved adjustments of the line's other
     * disputes (they came before this one: one dispute of a line is open at a time).
     */
    private static final String DISPUTE = """
            SELECT d.id, d.statement_line_id, d.statement_id, p.label, d.member_ref, s.member_name, l.builder_name, l.model,
                   l.category_key, l.amount,
                   l.amount + (SELECT coalesce(sum(o.adjustment), 0) FROM dispute o WHERE o.tenant_id = :tenant
                                  AND o.statement_line_id = d.statement_line_id AND o.state = 'APPROVED' AND o.id < d.id),
                   d.message, d.opened_by, d.opened_at, d.state, d.answer, d.adjustment, d.resolved_by, d.resolved_at,
                   d.approved_by, d.approved_at, lp.label, t.currency
              FROM dispute d
              JOIN statement_line l ON l.tenant_id = :tenant AND l.period_id = ANY (:periods) AND l.period_id = d.period_id
                                   AND l.id = d.statement_line_id
              JOIN statement s ON s.tenant_id = :tenant AND s.id = d.statement_id
              JOIN period p ON p.tenant_id = :tenant AND p.id = d.period_id
              JOIN tenant t ON t.id = :tenant
              LEFT JOIN period lp ON lp.tenant_id = :tenant AND lp.id = d.landing_period_id
            """;

    private Dispute dispute(ResultSet r) throws SQLException {
        return new Dispute(r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5), r.getString(6),
                r.getString(7), r.getString(8), categories.nameOf(r.getString(9)), r.getLong(10), r.getLong(11),
                r.getString(12), r.getString(13), instant(r.getTimestamp(14)), State.valueOf(r.getString(15)), r.getString(16),
                (Long) r.getObject(17), r.getString(18), instant(r.getTimestamp(19)), r.getString(20),
                instant(r.getTimestamp(21)), r.getString(22), r.getString(23));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A dispute's state for the audit log, amounts in major units as the pages show them. */
    private static Map<String, Object> figures(Dispute d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", d.state().name());
        m.put("line", d.lineId());
        m.put("ref", d.ref());
        m.put("period", d.period());
        m.put("lineAmount", Amounts.format(d.corrected(), d.unit()));
        if (d.state() == State.OPEN) {
            m.put("message", d.message());
        }
        if (d.answer() != null) {
            m.put("answer", d.answer());
        }
        if (d.adjustment() != null) {
            m.put("adjustment", Amounts.format(d.adjustment(), d.unit()));
        }
        if (d.landingPeriod() != null) {
            m.put("landingPeriod", d.landingPeriod());
        }
        return m;
    }

    /** How many disputes waiting for an answer, or for a second administrator to approve the proposed adjustment (the administrator's home lists what needs doing). */
    @Transactional
    public long waitingForAdministrators() {
        return sql.sql("SELECT count(*) FROM dispute WHERE tenant_id = :tenant AND state IN ('OPEN', 'PROPOSED')").single(rs -> rs.getLong(1));
    }
}
