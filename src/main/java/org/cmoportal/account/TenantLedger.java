package org.cmoportal.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantSql;

/**
 * The CMO's side of conservation after a distribution (V18's {@code tenant_entry}): what a restatement, a dispute,
 * a claim or a release changes in the tenant gross, the fees and the money held in suspense. A distribution run's
 * figures are never rewritten; each change is appended here in the transaction that posts the members' entries of
 * the same cause, so {@link Conservation} can hold every cause to account on its own.
 */
@ApplicationScoped
public class TenantLedger {

    /** Where a change lands on the CMO's side. */
    public enum Account { GROSS, FEES, SUSPENSE }

    /** Whose held money a SUSPENSE change is: {@code memberRef} null for a category without usage. */
    public record SuspenseKey(long originPeriodId, String categoryKey, String memberRef) {
    }

    @Inject
    TenantSql sql;

    /** A change of the tenant gross or of the fees, landing in an open period. Zero amounts post nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void post(Account account, long amount, Long landingPeriodId, String cause, long causeId, String reason) {
        if (account == Account.SUSPENSE) {
            throw new IllegalArgumentException("A suspense change names whose held money it is: use postSuspense");
        }
        if (amount == 0) {
            return;
        }
        sql.sql("""
                INSERT INTO tenant_entry (tenant_id, account, amount, landing_period_id, cause, cause_id, reason)
                VALUES (:tenant, :account, :amount, :landing, :cause, :causeId, :reason)""")
                .bind("account", account.name()).bind("amount", amount).bind("landing", landingPeriodId)
                .bind("cause", cause).bind("causeId", causeId).bind("reason", reason).update();
    }

    /**
     * A change of the money held for {@code key}: a restatement's difference (either sign, with its landing period),
     * or money moved out to members by a claim or a release (negative, no landing period). Zero posts nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void postSuspense(SuspenseKey key, long amount, Long landingPeriodId, String cause, long causeId, String reason) {
        if (amount == 0) {
            return;
        }
        sql.sql("""
                INSERT INTO tenant_entry (tenant_id, account, amount, landing_period_id, origin_period_id, category_key,
                                          member_ref, cause, cause_id, reason)
                VALUES (:tenant, 'SUSPENSE', :amount, :landing, :origin, :category, :ref, :cause, :causeId, :reason)""")
                .bind("amount", amount).bind("landing", landingPeriodId).bind("origin", key.originPeriodId())
                .bind("category", key.categoryKey()).bind("ref", key.memberRef())
                .bind("cause", cause).bind("causeId", causeId).bind("reason", reason).update();
    }
}
