package org.cmoportal.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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
 */
@ApplicationScoped
public class AccountSummary {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One listed entry: an adjustment landing in the period, or a movement in its window. */
    public record Movement(long id, Instant at, Ledger.Kind kind, long amount, String reason) {

        public String day() {
            return DAY.format(at);
        }

        public String kindLabel() {
            return MemberAccounts.label(kind);
        }
    }

    /**
     * The account for one statement, in minor units. {@code nextPeriod} is the period whose distribution closes the
     * window, or null when this is the tenant's latest distribution (the window runs until now).
     */
    public record View(long opening, long earned, List<Movement> adjustments, List<Movement> movements, long closing,
            String nextPeriod, Instant windowStart, Instant windowEnd) {

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

        public String distributedOn() {
            return DAY.format(windowStart);
        }

        public String windowEndsOn() {
            return windowEnd == null ? null : DAY.format(windowEnd);
        }
    }

    /** A distributed period and the moment its distribution counts from. */
    private record Distribution(long periodId, String label, Instant at) {
    }

    @Inject
    TenantSql sql;

    /**
     * The account of {@code ref} beside its statement of {@code periodId}, whose published total is {@code earned}.
     * {@code publishedAt} stands in for the period's distribution time where an old period has none recorded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public View forStatement(long periodId, String ref, long earned, Instant publishedAt) {
        List<Distribution> distributions = sql.sql("""
                SELECT id, label, distributed_at FROM period
                 WHERE tenant_id = :tenant AND state = 'DISTRIBUTED' ORDER BY distributed_at NULLS FIRST, id""")
                .list(rs -> new Distribution(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3))));
        Instant start = publishedAt;
        Distribution next = null;
        for (int i = 0; i < distributions.size(); i++) {
            if (distributions.get(i).periodId() == periodId) {
                if (distributions.get(i).at() != null) {
                    start = distributions.get(i).at();
                }
                next = i + 1 < distributions.size() ? distributions.get(i + 1) : null;
                break;
            }
        }
        Instant end = next == null ? null : next.at();
        long[] opening = {0};
        List<Movement> adjustments = new ArrayList<>();
        List<Movement> movements = new ArrayList<>();
        // eff: when an entry counts. EARNED and ADJUSTED at their period's distribution (never, while it is not
        // distributed: an adjustment waiting for its statement); anything else when it was posted.
        sql.sql("""
                WITH e AS (
                    SELECT e.id, e.at, e.kind, e.amount, e.reason, e.period_id,
                           CASE WHEN e.kind IN ('EARNED', 'ADJUSTED') AND e.period_id IS NOT NULL
                                THEN CASE WHEN q.state = 'DISTRIBUTED' THEN coalesce(q.distributed_at, e.at) END
                                ELSE e.at END AS eff
                      FROM account_entry e LEFT JOIN period q ON q.tenant_id = e.tenant_id AND q.id = e.period_id
                     WHERE e.tenant_id = :tenant AND e.member_ref = :ref)
                SELECT 'OPENING', 0, NULL, coalesce(sum(amount), 0), NULL, NULL FROM e WHERE eff < :start
                UNION ALL
                SELECT 'ADJUSTMENT', id, kind, amount, reason, at FROM e WHERE kind = 'ADJUSTED' AND period_id = :period
                UNION ALL
                SELECT 'MOVEMENT', id, kind, amount, reason, at FROM e
                 WHERE (kind NOT IN ('EARNED', 'ADJUSTED') OR period_id IS NULL) AND eff >= :start
                   AND (CAST(:end AS timestamptz) IS NULL OR eff < :end)
                ORDER BY 1, 6, 2""")
                .bind("ref", ref).bind("start", start).bind("end", end).bind("period", periodId)
                .list(rs -> {
                    String slot = rs.getString(1);
                    if (slot.equals("OPENING")) {
                        opening[0] = rs.getLong(4);
                    } else {
                        (slot.equals("ADJUSTMENT") ? adjustments : movements).add(new Movement(rs.getLong(2),
                                instant(rs.getTimestamp(6)), Ledger.Kind.valueOf(rs.getString(3)), rs.getLong(4), rs.getString(5)));
                    }
                    return slot;
                });
        long closing = opening[0] + earned + adjustments.stream().mapToLong(Movement::amount).sum()
                + movements.stream().mapToLong(Movement::amount).sum();
        return new View(opening[0], earned, adjustments, movements, closing, next == null ? null : next.label(), start, end);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
