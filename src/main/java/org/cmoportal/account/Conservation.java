package org.cmoportal.account;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;

/**
 * The conservation identity of economics.md for the entered tenant, from stored figures only:
 *
 * <pre>
 * gross distributed = fees + suspense still held + sum of member balances + paid - returned
 * </pre>
 *
 * and, when it does not hold, where: every way the two sides can part is looked at on its own, so the findings
 * add up to the difference (docs/accounts.md, "Conservation"). An archived period's entries count by the totals carried
 * for them (V47): per member in the balances, per period and cause in the EARNED and ADJUSTED figures.
 */
@ApplicationScoped
public class Conservation {

    /** Causes of a RELEASED entry that take money out of suspense (a claim accepted, held money released with age). */
    static final List<String> SUSPENSE_RELEASES = List.of("claim", "release");

    /** One place the two sides part, with the amount it contributes to {@code difference} (left minus right). */
    public record Finding(String where, String what, long amount) {
    }

    /** One distributed period: its run's figures and what the ledger holds for it. */
    public record PeriodFigures(String label, long tenantGross, long fees, long suspense, long runPaid, long earned) {

        public boolean agrees() {
            return runPaid == earned;
        }
    }

    /**
     * Every amount in minor units of {@code currency}. {@code paid} is what payment runs paid (the PAID entries,
     * as a positive figure), {@code returned} what the bank sent back; {@code difference} is left minus right.
     */
    public record Identity(String tenantId, String tenantName, CurrencyUnit currency, long grossDistributed, long fees,
            long suspenseHeld, long balances, long paid, long returned, long released, List<PeriodFigures> periods,
            List<Finding> findings) {

        public long right() {
            return fees + suspenseHeld + balances + paid - returned;
        }

        public long difference() {
            return grossDistributed - right();
        }

        public boolean holds() {
            return difference() == 0;
        }

        /** What left the CMO's bank account for members. */
        public long leftTheBank() {
            return paid - returned;
        }

        /** What the findings do not account for; 0 unless a new way to part was added without a finding for it. */
        public long unexplained() {
            return difference() - findings.stream().mapToLong(Finding::amount).sum();
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Transactional
    public Identity check() {
        Tenant t = Tenant.findById(tenant.tenantId());
        List<PeriodFigures> periods = sql.sql("""
                SELECT p.label, r.tenant_gross, r.fees, r.suspense, r.paid, coalesce(e.earned, 0)
                  FROM distribution_run r
                  JOIN period p ON p.tenant_id = r.tenant_id AND p.id = r.period_id
                  LEFT JOIN (SELECT period_id, sum(amount) AS earned FROM (
                                 SELECT period_id, amount FROM account_entry WHERE tenant_id = :tenant AND kind = 'EARNED'
                                 UNION ALL
                                 SELECT period_id, total FROM account_archived_cause WHERE tenant_id = :tenant AND kind = 'EARNED') x
                              GROUP BY period_id) e ON e.period_id = r.period_id
                 WHERE r.tenant_id = :tenant AND r.status = 'DISTRIBUTED'
                 ORDER BY p.distributed_at, p.id""")
                .list(rs -> new PeriodFigures(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)));
        long[] ledger = sql.sql("""
                SELECT coalesce(sum(amount), 0),
                       coalesce(sum(amount) FILTER (WHERE kind = 'PAID'), 0),
                       coalesce(sum(amount) FILTER (WHERE kind = 'RETURNED'), 0),
                       coalesce(sum(amount) FILTER (WHERE kind = 'RELEASED' AND cause = ANY (:releases)), 0)
                  FROM account_line WHERE tenant_id = :tenant""")
                .bind("releases", SUSPENSE_RELEASES.toArray(String[]::new))
                .single(rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        // What restatements, disputes, claims and releases changed on the CMO's side since the runs (V18).
        long[] corrections = sql.sql("""
                SELECT coalesce(sum(amount) FILTER (WHERE account = 'GROSS'), 0),
                       coalesce(sum(amount) FILTER (WHERE account = 'FEES'), 0),
                       coalesce(sum(amount) FILTER (WHERE account = 'SUSPENSE'), 0)
                  FROM tenant_entry WHERE tenant_id = :tenant""")
                .single(rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
        long gross = periods.stream().mapToLong(PeriodFigures::tenantGross).sum() + corrections[0];
        long fees = periods.stream().mapToLong(PeriodFigures::fees).sum() + corrections[1];
        long suspense = periods.stream().mapToLong(PeriodFigures::suspense).sum() + corrections[2];
        return new Identity(t.id, t.name, CurrencyUnit.of(t.currency), gross, fees, suspense, ledger[0], -ledger[1],
                ledger[2], ledger[3], periods, findings(periods, CurrencyUnit.of(t.currency)));
    }

    /**
     * With each run's own check (tenant gross = fees + paid + suspense, held by the table), the difference is
     * the sum of: each distributed period's run paid minus its EARNED entries; minus EARNED entries of periods
     * with no distributed run; and, per correction (a restatement, a dispute, a claim, a release), what it changed
     * on the CMO's side (gross less fees less suspense) minus what its entries gave members.
     */
    private List<Finding> findings(List<PeriodFigures> periods, CurrencyUnit currency) {
        List<Finding> findings = new ArrayList<>();
        for (PeriodFigures p : periods) {
            if (!p.agrees()) {
                findings.add(new Finding("period " + p.label(), "The distribution run gave members " + Amounts.formatGrouped(p.runPaid(), currency)
                        + " " + currency.code() + ", but their EARNED entries for " + p.label() + " add up to "
                        + Amounts.formatGrouped(p.earned(), currency) + " " + currency.code() + ".", p.runPaid() - p.earned()));
            }
        }
        sql.sql("""
                SELECT coalesce(p.label, ''), sum(e.amount)
                  FROM (SELECT tenant_id, period_id, amount FROM account_entry WHERE tenant_id = :tenant AND kind = 'EARNED'
                        UNION ALL
                        SELECT tenant_id, period_id, total FROM account_archived_cause
                         WHERE tenant_id = :tenant AND kind = 'EARNED') e
                  LEFT JOIN period p ON p.tenant_id = e.tenant_id AND p.id = e.period_id
                 WHERE e.tenant_id = :tenant
                   AND NOT EXISTS (SELECT 1 FROM distribution_run r WHERE r.tenant_id = e.tenant_id
                                      AND r.period_id = e.period_id AND r.status = 'DISTRIBUTED')
                 GROUP BY 1 ORDER BY 1""")
                .list(rs -> findings.add(new Finding(rs.getString(1).isEmpty() ? "no period" : "period " + rs.getString(1),
                        "EARNED entries of a period that has no distributed run.", -rs.getLong(2))));
        // Every correction balances on its own: what its cause gave members (ADJUSTED, RELEASED) is what it added to
        // the tenant gross, less what it added to fees and to suspense (V18's tenant_entry of the same cause).
        sql.sql("""
                SELECT cause, cause_id, sum(members), sum(tenant_side) FROM (
                    SELECT cause, cause_id, amount AS members, 0 AS tenant_side FROM account_entry
                     WHERE tenant_id = :tenant AND kind IN ('ADJUSTED', 'RELEASED')
                    UNION ALL
                    SELECT cause, cause_id, total, 0 FROM account_archived_cause WHERE tenant_id = :tenant AND kind = 'ADJUSTED'
                    UNION ALL
                    SELECT cause, cause_id, 0, CASE account WHEN 'GROSS' THEN amount ELSE -amount END FROM tenant_entry
                     WHERE tenant_id = :tenant) c
                 GROUP BY cause, cause_id HAVING sum(members) <> sum(tenant_side) ORDER BY cause, cause_id""")
                .list(rs -> findings.add(new Finding(rs.getString(1) + " " + rs.getLong(2),
                        "Its entries give members " + Amounts.formatGrouped(rs.getLong(3), currency) + " " + currency.code()
                                + ", but it changed the tenant gross less fees and suspense by "
                                + Amounts.formatGrouped(rs.getLong(4), currency) + " " + currency.code() + ".",
                        rs.getLong(4) - rs.getLong(3))));
        findings.removeIf(f -> f.amount() == 0);
        return findings;
    }
}
