package org.cmoportal.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.distribution.PaymentRule;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantSql;

/**
 * Why an approved payment run did not pay a member's positive balance (economics.md, "Payment runs": no bank account
 * on file, or below the minimum payout), as the account pages and the account beside a statement say it.
 *
 * <p>Read from the stored rows of approved runs ({@code payment_run}, {@code payment_run_member}) through
 * {@code TenantSql}, as the account reads the {@code period} and {@code statement} rows: {@code payment/} posts its
 * {@code PAID} entries through the ledger, so it sits above this package, which cannot ask it. Every read goes through
 * a run's own key (run, member), never through all of a run's million rows. The runs that carried a member within a
 * statement's window are read with the account beside it ({@link AccountSummary#forStatement}), in its query.
 */
@ApplicationScoped
public class CarriedForward {

    /**
     * One run's decision to carry {@code ref}'s {@code balance} (minor units of {@code currency}) forward. {@code payee}
     * is whose bank account the run looked for (the member's, or the representative's they named);
     * {@code minimumPayout} is the minimum the run applied, {@code minimumNow} the tenant's today.
     */
    public record Carried(String ref, long run, Instant at, long balance, PaymentRule.Why why,
            String payee, CurrencyUnit currency, long minimumPayout, long minimumNow) {

        /** The day the run was approved (UTC); pages write it in the viewer's language with the time tag. */
        public LocalDate day() {
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
        }

        /** NO_BANK_ACCOUNT wins when both apply (economics.md), so this is the whole of the reason when it holds. */
        public boolean noBankAccount() {
            return why == PaymentRule.Why.NO_BANK_ACCOUNT;
        }

        /** The account the run looked for was the representative's the member named, not the member's own. */
        public boolean throughRepresentative() {
            return !payee.equals(ref);
        }

        /** The tenant changed its minimum since the run: the next run applies the new one. */
        public boolean minimumChanged() {
            return minimumNow != minimumPayout;
        }
    }

    private static final String COLUMNS = """
            SELECT r.id, r.decided_at, m.balance, m.why, m.payee_ref, r.currency, r.minimum_payout,
                   (SELECT t.minimum_payout FROM tenant t WHERE t.id = :tenant)""";

    @Inject
    TenantSql sql;

    /**
     * The decision of the tenant's latest approved run, if it carried {@code ref}. A member the latest run paid, or
     * left out (no positive balance), has none to show, whatever an earlier run said. Runs are approved in the order
     * of their ids: a proposal discards the one still waiting, so no earlier run is approved after a later one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Carried> latest(String ref) {
        return sql.sql(COLUMNS + """

                  FROM (SELECT id, decided_at, currency, minimum_payout FROM payment_run
                         WHERE tenant_id = :tenant AND state = 'APPROVED' ORDER BY id DESC LIMIT 1) r
                  JOIN payment_run_member m ON m.tenant_id = :tenant AND m.run_id = r.id AND m.member_ref = :ref
                                          AND m.why IS NOT NULL""")
                .bind("ref", ref).list(rs -> carried(ref, rs)).stream().findFirst();
    }

    private static Carried carried(String ref, ResultSet rs) throws SQLException {
        return new Carried(ref, rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3),
                PaymentRule.Why.valueOf(rs.getString(4)), rs.getString(5), CurrencyUnit.of(rs.getString(6)), rs.getLong(7),
                rs.getLong(8));
    }
}
