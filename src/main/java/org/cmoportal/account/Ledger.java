package org.cmoportal.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantSql;

/**
 * The member accounts of economics.md ("The member account"): entries in minor units, appended, never changed
 * (V15's trigger), each naming its cause; a balance is the sum of a member's entries in the entered tenant.
 */
@ApplicationScoped
public class Ledger {

    /**
     * The kinds of entry, with the sign economics.md gives each (the table's check holds it too). {@code ARCHIVED} is
     * never posted: it is the line an account shows for an archived period's entries, carried as one total per member
     * (V47's {@code account_line}).
     */
    public enum Kind { EARNED, ADJUSTED, RELEASED, PAID, RETURNED, ARCHIVED }

    @Inject
    TenantSql sql;

    /**
     * One entry, in the caller's transaction. {@code cause} and {@code causeId} name what posted it: the same cause
     * never posts the same kind twice for one member (a unique index), so a retried step cannot pay or credit twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long post(String memberRef, Kind kind, long amount, Long periodId, String cause, long causeId, String reason) {
        if (kind == Kind.ARCHIVED) {
            throw new IllegalArgumentException("an archived total is carried by the archive, never posted");
        }
        return sql.sql("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
                VALUES (:tenant, :ref, :kind, :amount, :period, :cause, :causeId, :reason, :key) RETURNING id""")
                .bind("ref", memberRef).bind("kind", kind.name()).bind("amount", amount).bind("period", periodId)
                .bind("key", periodKey(kind, periodId))
                .bind("cause", cause).bind("causeId", causeId).bind("reason", reason)
                .single(r -> r.getLong(1));
    }

    /**
     * The distribution's {@code EARNED} entries, one per published statement with a positive total, written by the
     * same statement that publishes them: an {@code INSERT} from {@code published}, a relation of the statements
     * just written ({@code tenant_id, member_ref, total, period_id}, in order of ref, the order of the entries'
     * indexes by member), whose total is the amount (copied, never recomputed). The caller binds {@code :reason}
     * ({@link #earnedReason}). One statement instead of a second read and sort of the period's statements.
     */
    public static String earnedFrom(String published) {
        return """
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
                SELECT tenant_id, member_ref, 'EARNED', total, period_id, 'period', period_id, :reason, period_id
                  FROM %s WHERE total > 0""".formatted(published);
    }

    /** What an {@code EARNED} entry of a distribution says. */
    public static String earnedReason(String periodLabel) {
        return "Distribution of " + periodLabel;
    }

    /**
     * The partition key an entry is kept under within its tenant (V47): an {@code EARNED} or {@code ADJUSTED} entry's
     * period, archived with it; 0 for any other, the tenant's entries of no period, never archived.
     */
    static long periodKey(Kind kind, Long periodId) {
        return (kind == Kind.EARNED || kind == Kind.ADJUSTED) && periodId != null ? periodId : 0;
    }

    /**
     * A member's balance in the entered tenant: the sum of their entries and of the totals carried for their archived
     * periods' entries (0 with none).
     */
    @Transactional
    public long balance(String memberRef) {
        return sql.sql("SELECT coalesce(sum(amount), 0) FROM account_line WHERE tenant_id = :tenant AND member_ref = :ref")
                .bind("ref", memberRef).single(r -> r.getLong(1));
    }
}
