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
}
