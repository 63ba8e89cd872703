package org.cmoportal.period;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.verification.VerificationService;

/** Reads a period board: the period, its filings and its run's stored figures. */
@ApplicationScoped
public class PeriodBoards {

    @Inject
    VerificationService verification;

    @Inject
    EntityManager em;

    @Inject
    CurrentUser user;

    @Inject
    PeriodWorkflow workflow;

    @Inject
    RunReport report;

    @Transactional
    public PeriodBoard board(String label, String notice, List<Problem> problems) {
        Period p = workflow.find(label);
        Tenant tenant = Tenant.findById(p.tenantId);
        CurrencyUnit c = CurrencyUnit.of(tenant.currency);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT f.id, b.name, f.model, f.seq, f.status, f.operating_profit, f.pool, f.tenant_gross,
                       f.data_value_share, f.share_flagged, f.review_note, f.reviewed_by
                FROM filing f JOIN builder_org b ON b.id = f.builder_id
                WHERE f.period_id = ?1 ORDER BY b.name, f.model, f.seq""").setParameter(1, p.id).getResultList();
        List<PeriodBoard.FilingRow> filings = rows.stream().map(r -> new PeriodBoard.FilingRow(
                ((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(), (String) r[4],
                ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), ((Number) r[7]).longValue(),
                Rate.ofMillionths(((java.math.BigDecimal) r[8]).movePointRight(6).longValueExact()), (Boolean) r[9], (String) r[10],
                (String) r[11])).toList();
        long unreviewed = filings.stream().filter(f -> "SUBMITTED".equals(f.status())).count();
        DistributionRun run = DistributionRun.live(p.id);
        RunFigures figures = run == null ? null : report.figures(run);
        boolean canApprove = p.calculatedBy != null && !p.calculatedBy.equals(user.actor());
        return new PeriodBoard(p.tenantId, tenant.name, p, c, filings, unreviewed, figures, canApprove,
                notice, problems, verification.board(p.label));
    }
}
