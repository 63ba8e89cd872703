package org.cmoportal.period;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.preference.OptOutFlags;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.verification.VerificationService;

/** Reads a period board: the period, its filings and its run's stored figures. */
@ApplicationScoped
public class PeriodBoards {


    @Inject
    VerificationService verification;

    @Inject
    TenantSql sql;

    @Inject
    CurrentUser user;

    @Inject
    PeriodWorkflow workflow;

    @Inject
    RunReport report;

    @Inject
    OptOutFlags optOutFlags;

    @Transactional
    public PeriodBoard board(String label, String notice, List<Problem> problems) {
        Period p = workflow.find(label);
        Tenant tenant = Tenant.findById(p.tenantId);
        CurrencyUnit c = CurrencyUnit.of(tenant.currency);
        List<PeriodBoard.FilingRow> filings = sql.sql("""
                SELECT f.id, b.name, f.model, f.seq, f.status, f.operating_profit, f.pool, f.tenant_gross,
                       f.data_value_share, f.share_flagged, f.review_note, f.reviewed_by
                FROM filing f JOIN builder_org b ON b.id = f.builder_id
                WHERE f.tenant_id = :tenant AND f.period_id = :period ORDER BY b.name, f.model, f.seq""").bind("period", p.id)
                .list(r -> new PeriodBoard.FilingRow(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5),
                        r.getLong(6), r.getLong(7), r.getLong(8),
                        Rate.ofMillionths(r.getBigDecimal(9).movePointRight(6).longValueExact()),
                        r.getBoolean(10), r.getString(11), r.getString(12)));
        long unreviewed = filings.stream().filter(f -> "SUBMITTED".equals(f.status())).count();
        DistributionRun run = DistributionRun.live(p.id);
        RunFigures figures = run == null ? null : report.figures(run);
        boolean canApprove = p.calculatedBy != null && !p.calculatedBy.equals(user.actor());
        // a period whose usage and lines ops/archive-period.sh archived: the board says so (its figures are the run's own)
        String archivedOn = sql.sql("SELECT archived_at FROM archived_period WHERE tenant_id = :tenant AND period_id = ?")
                .args(p.id).one(r -> java.time.LocalDate.ofInstant(r.getTimestamp(1).toInstant(), java.time.ZoneOffset.UTC).toString()).orElse(null);
        return new PeriodBoard(p.tenantId, tenant.name, p, c, filings, unreviewed, figures, canApprove,
                notice, problems, verification.periodVerification(p.label), optOutFlags.ofPeriod(p.id), archivedOn);
    }
}
