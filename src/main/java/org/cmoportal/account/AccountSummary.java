package org.cmoportal.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.distribution.PaymentRule;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantSql;

/**
 * The account beside a published statement (docs/statements.md, "The account beside the statement"): the balance
 * before the period's distribution, what the period earned, the adjustments that land in it, what moved afterwards
 * until the next distribution (payments, returns, releases), and the balance that leaves. Read from the ledger each
 * time; the statement's own published figures are never touched.
 *
 * <p>Each entry counts once, on one statement: an {@code EARNED} or {@code ADJUSTED} entry on the statement of the
 * period it names (as if posted at that period's distribution), every other entry on the statement whose window
 * (from its distribution to the next one of the tenant) holds its posting time. So one statement's closing balance
 * is the next one's opening balance.
 *
 * <p>An archived period's entries are all EARNED or ADJUSTED entries naming it (V47), carried per member as one
 * {@code ARCHIVED} line that counts where they did, at that period's distribution: on its own statement, the part of
 * the total that was not EARNED is listed as one adjustment, so that every statement's balances are as before.
 */
@ApplicationScoped
public class AccountSummary {

    /** One listed entry: an adjustment landing in the period, or a movement in its window. */
    public record Movement(long id, Instant at, Ledger.Kind kind, long amount, String reason) {

        /** The day it was posted (UTC); pages write it in the viewer's language with the time tag. */
        public LocalDate day() {
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
        }

        public String kindLabel() {
            return MemberAccounts.label(kind);
        }
    }

    /**
     * The account for one statement, in minor units. {@code nextPeriod} is the period whose distribution closes the
     * window, or null when this is the tenant's latest distribution (the window runs until now). {@code carried}: the
     * payment runs approved in the window that carried the balance forward, and why.
     */
    public record View(long opening, long earned, List<Movement> adjustments, List<Movement> movements, long closing,
            String nextPeriod, Instant windowStart, Instant windowEnd, List<CarriedForward.Carried> carried) {

        public long adjusted() {
            return adjustments.stream().mapToLong(Movement::amount).sum();
        }

        /** Paid in the window: a positive figure (the PAID entries' amounts are negative). */
        public long paid() {
            return -movements.stream().filter(m -> m.kind() == Ledger.Kind.PAID).mapToLong(Movement::amount).sum();
        }

        /** What moved in the window besides payments: returns by the bank, releases from suspense. */
        public List<Movement> otherMovements() {
            return movements.stream().filter(m -> m.kind() != Ledger.Kind.PAID).toList();
        }

        public List<Movement> payments() {
            return movements.stream().filter(m -> m.kind() == Ledger.Kind.PAID).toList();
        }

        /** The day (UTC) of the distribution that opens the window, written by pages in the viewer's language. */
        public LocalDate distributedOn() {
            return windowStart == null ? null : LocalDate.ofInstant(windowStart, ZoneOffset.UTC);
        }

        /** The day (UTC) of the next distribution, which closes the window; null while this is the latest. */
        public LocalDate windowEndsOn() {
            return windowEnd == null ? null : LocalDate.ofInstant(windowEnd, ZoneOffset.UTC);
        }
    }

    @Inject
    TenantSql sql;

    /**
     * The account beside a statement and the adjustments its period's statement lists for the member ({@link
     * Adjustments#landingIn}), which the statement page shows together.
     */
    public record Beside(View account, List<Adjustments.Shown> adjustments) {
    }

    /**
     * The account's query: every table it reads moves the tenant's account version when it changes (V50), which
     * AccountVersionTest holds against this query's plan.
     *
     * d: the tenant's distributions in order, ties (none in practice) by period id; me: this one's moment and the next
     * one's. (eff, k) orders entries as they count. eff: EARNED and ADJUSTED at their period's distribution (never,
     * while it is not distributed: an adjustment waiting for its statement), anything else when it was posted; k
     * breaks a tie as d does, and puts an entry posted at the very moment of a distribution after it. w: the
     * statement's window, from its distribution (the publication where none is recorded) until the next one (open
     * while there is none): a run's PAID entries are posted at its approval, so its decisions to carry (CARRIED,
     * economics.md "Payment runs") fall in the window its payments do. SHOWN: the adjustments' own rows, what the
     * statement lists for them. Column 11 orders entries by when they count; carried runs and shown adjustments go by
     * their id alone.
     */
    static final String FOR_STATEMENT = """
                WITH d AS (
                    SELECT id, distributed_at, lead(id) OVER w AS next_id, lead(distributed_at) OVER w AS next_at,
                           lead(label) OVER w AS next_label
                      FROM period WHERE tenant_id = :tenant AND state = 'DISTRIBUTED'
                    WINDOW w AS (ORDER BY distributed_at NULLS FIRST, id)),
                me AS (SELECT coalesce(distributed_at, :published) AS start, next_id, next_at, next_label FROM d WHERE id = :period),
                w AS (SELECT coalesce((SELECT start FROM me), CAST(:published AS timestamptz)) AS start,
                             (SELECT next_at FROM me) AS next_at),
                e AS (
                    SELECT e.id, e.at, e.kind, e.amount, e.earned, e.reason, e.period_id,
                           CASE WHEN e.kind IN ('EARNED', 'ADJUSTED', 'ARCHIVED') AND e.period_id IS NOT NULL
                                THEN CASE WHEN q.state = 'DISTRIBUTED' THEN coalesce(q.distributed_at, e.at) END
                                ELSE e.at END AS eff,
                           CASE WHEN e.kind IN ('EARNED', 'ADJUSTED', 'ARCHIVED') AND e.period_id IS NOT NULL THEN e.period_id
                                ELSE 9223372036854775807 END AS k
                      FROM account_line e LEFT JOIN period q ON q.tenant_id = e.tenant_id AND q.id = e.period_id
                     WHERE e.tenant_id = :tenant AND e.member_ref = :ref)
                SELECT 'OPENING', 0, me.next_label, (SELECT coalesce(sum(amount), 0) FROM e WHERE (eff, k) < (me.start, :period)),
                       NULL, me.start, me.next_at, NULL, CAST(NULL AS bigint), CAST(NULL AS bigint), me.start
                  FROM me
                UNION ALL
                SELECT 'ADJUSTMENT', id, kind, amount, reason, at, NULL, NULL, NULL, NULL, at
                  FROM e WHERE kind = 'ADJUSTED' AND period_id = :period
                UNION ALL
                SELECT 'ADJUSTMENT', id, kind, amount - earned, reason, at, NULL, NULL, NULL, NULL, at FROM e
                 WHERE kind = 'ARCHIVED' AND period_id = :period AND amount <> earned
                UNION ALL
                SELECT 'MOVEMENT', e.id, e.kind, e.amount, e.reason, e.at, NULL, NULL, NULL, NULL, e.at FROM e, me
                 WHERE (e.kind NOT IN ('EARNED', 'ADJUSTED', 'ARCHIVED') OR e.period_id IS NULL) AND (e.eff, e.k) >= (me.start, :period)
                   AND (me.next_at IS NULL OR (e.eff, e.k) < (me.next_at, me.next_id))
                UNION ALL
                SELECT 'CARRIED', r.id, m.why, m.balance, m.payee_ref, r.decided_at, NULL, r.currency, r.minimum_payout,
                       (SELECT t.minimum_payout FROM tenant t WHERE t.id = :tenant), NULL
                  FROM w
                  JOIN payment_run r ON r.tenant_id = :tenant AND r.state = 'APPROVED' AND r.decided_at >= w.start
                                    AND (w.next_at IS NULL OR r.decided_at < w.next_at)
                  JOIN payment_run_member m ON m.tenant_id = :tenant AND m.run_id = r.id AND m.member_ref = :ref
                                          AND m.why IS NOT NULL
                UNION ALL
                SELECT 'SHOWN', a.id, a.what, a.amount, a.reason, NULL, NULL, a.cause, a.before, a.after, NULL
                  FROM adjustment a WHERE a.tenant_id = :tenant AND a.landing_period_id = :period AND a.member_ref = :ref
                ORDER BY 1, 11, 2""";

    /**
     * The account of {@code ref} beside its statement of {@code periodId}, whose published total is {@code earned}, with
     * the adjustments landing in that period ({@link Adjustments#landingIn}). {@code publishedAt} stands in for the
     * period's distribution time where an old period has none recorded.
     *
     * <p>One statement where the page ran three (the account, the runs that carried the balance forward, the
     * adjustments): each statement costs its round trip, executor start and row-level security's checks, which on the
     * statement page weighed more than the plans themselves (docs/performance.md, eighth and ninth sessions).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Beside forStatement(long periodId, String ref, long earned, Instant publishedAt) {
        long[] opening = {0};
        Instant[] window = {publishedAt, null};
        String[] next = {null};
        List<Movement> adjustments = new ArrayList<>();
        List<Movement> movements = new ArrayList<>();
        List<CarriedForward.Carried> carried = new ArrayList<>();
        List<Adjustments.Shown> shown = new ArrayList<>();
        sql.sql(FOR_STATEMENT)
                .bind("ref", ref).bind("period", periodId).bind("published", publishedAt)
                .list(rs -> {
                    String slot = rs.getString(1);
                    switch (slot) {
                        case "OPENING" -> {
                            next[0] = rs.getString(3);
                            opening[0] = rs.getLong(4);
                            window[0] = instant(rs.getTimestamp(6));
                            window[1] = instant(rs.getTimestamp(7));
                        }
                        case "CARRIED" -> carried.add(new CarriedForward.Carried(ref, rs.getLong(2), rs.getTimestamp(6).toInstant(),
                                rs.getLong(4), PaymentRule.Why.valueOf(rs.getString(3)), rs.getString(5),
                                CurrencyUnit.of(rs.getString(8)), rs.getLong(9), rs.getLong(10)));
                        case "SHOWN" -> shown.add(new Adjustments.Shown(rs.getLong(2), rs.getString(3), rs.getLong(9),
                                rs.getLong(10), rs.getLong(4), rs.getString(5), rs.getString(8)));
                        default -> (slot.equals("ADJUSTMENT") ? adjustments : movements).add(new Movement(rs.getLong(2),
                                instant(rs.getTimestamp(6)), Ledger.Kind.valueOf(rs.getString(3)), rs.getLong(4), rs.getString(5)));
                    }
                    return slot;
                });
        long closing = opening[0] + earned + adjustments.stream().mapToLong(Movement::amount).sum()
                + movements.stream().mapToLong(Movement::amount).sum();
        return new Beside(new View(opening[0], earned, adjustments, movements, closing, next[0], window[0], window[1], carried),
                shown);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
