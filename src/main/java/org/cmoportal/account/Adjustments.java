package org.cmoportal.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantSql;

/**
 * An {@code ADJUSTED} entry together with the line a member's statement shows for it (V18's {@code adjustment}:
 * what is corrected, the old amount, the new amount, the reason), so the two can never disagree: restatements
 * and disputes post through here, never through {@link Ledger#post} directly.
 */
@ApplicationScoped
public class Adjustments {

    /** One correction of one member's amount, landing in an open period. */
    public record Correction(String memberRef, String what, long before, long after, String reason) {

        public long amount() {
            return after - before;
        }
    }

    /** A line of a statement's adjustments section: what is corrected, the old and new amounts, the difference, why. */
    public record Shown(long id, String what, long before, long after, long amount, String reason, String cause) {
    }

    @Inject
    Ledger ledger;

    @Inject
    TenantSql sql;

    /**
     * Posts the correction in the caller's transaction; nothing for a zero difference. Answers the entry's id, or
     * null when nothing was posted. {@code cause} is {@code restatement} or {@code dispute}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Long post(Correction c, long landingPeriodId, String cause, long causeId) {
        if (c.amount() == 0) {
            return null;
        }
        long entry = ledger.post(c.memberRef(), Ledger.Kind.ADJUSTED, c.amount(), landingPeriodId, cause, causeId, c.reason());
        sql.sql("""
                INSERT INTO adjustment (tenant_id, landing_period_id, member_ref, cause, cause_id, what, before, after,
                                        amount, reason, account_entry_id)
                VALUES (:tenant, :landing, :ref, :cause, :causeId, :what, :before, :after, :amount, :reason, :entry)""")
                .bind("landing", landingPeriodId).bind("ref", c.memberRef()).bind("cause", cause).bind("causeId", causeId)
                .bind("what", c.what()).bind("before", c.before()).bind("after", c.after()).bind("amount", c.amount())
                .bind("reason", c.reason()).bind("entry", entry).update();
        return entry;
    }

    /**
     * The adjustments that land in {@code periodId} for {@code memberRef}, whatever their cause (restatements,
     * disputes), in the order they were posted: what the statement of that period lists beside its total.
     */
    @Transactional
    public java.util.List<Shown> landingIn(long periodId, String memberRef) {
        return sql.sql("""
                SELECT id, what, before, after, amount, reason, cause FROM adjustment
                 WHERE tenant_id = :tenant AND landing_period_id = :period AND member_ref = :ref ORDER BY id""")
                .bind("period", periodId).bind("ref", memberRef)
                .list(rs -> new Shown(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7)));
    }
}
