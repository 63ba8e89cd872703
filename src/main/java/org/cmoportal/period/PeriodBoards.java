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
import org.cmoportal.web.Paging;

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

    /** The board with the first page of its filings, unsearched. */
    @Transactional
    public PeriodBoard board(String label, String notice, List<Problem> problems) {
        return board(label, notice, problems, null, 1);
    }

    /**
     * The board with the page {@code filingsPage} of the period's filings whose builder, model or status contains
     * {@code query} (all for none). What the board says of every filing (how many are still to be decided, how many of
     * those are flagged for opt-outs, the verification counts, the run's figures) is read over the whole period, never
     * from the page's rows.
     */
    @Transactional
    public PeriodBoard board(String label, String notice, List<Problem> problems, String query, int filingsPage) {
        Period p = workflow.find(label);
        Tenant tenant = Tenant.findById(p.tenantId);
        CurrencyUnit c = CurrencyUnit.of(tenant.currency);
        Counts counts = sql.sql("""
                SELECT count(*), count(*) FILTER (WHERE f.status = 'SUBMITTED') FROM filing f
                 WHERE f.tenant_id = :tenant AND f.period_id = :period""").bind("period", p.id)
                .single(r -> new Counts(r.getLong(1), r.getLong(2)));
        String like = Paging.like(query);
        Paging paging = Paging.of(filingsPage, Paging.SIZE, sql.sql("SELECT count(*) " + FILINGS + SEARCHED)
                .bind("period", p.id).bind("like", like).single(r -> r.getLong(1)));
        List<PeriodBoard.FilingRow> filings = sql.sql("""
                SELECT f.id, b.name, f.model, f.seq, f.status, f.operating_profit, f.pool, f.tenant_gross,
                       f.data_value_share, f.share_flagged, f.review_note, f.reviewed_by""" + FILINGS + SEARCHED
                + " ORDER BY b.name, f.model, f.seq, f.id LIMIT :limit OFFSET :offset")
                .bind("period", p.id).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(r -> new PeriodBoard.FilingRow(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5),
                        r.getLong(6), r.getLong(7), r.getLong(8),
                        Rate.ofMillionths(r.getBigDecimal(9).movePointRight(6).longValueExact()),
                        r.getBoolean(10), r.getString(11), r.getString(12)));
        DistributionRun run = DistributionRun.live(p.id);
        RunFigures figures = run == null ? null : report.figures(run);
        boolean canApprove = p.calculatedBy != null && !p.calculatedBy.equals(user.actor());
        // a period whose usage and lines ops/archive-period.sh archived: the board says so (its figures are the run's own)
        String archivedOn = sql.sql("SELECT archived_at FROM archived_period WHERE tenant_id = :tenant AND period_id = ?")
                .args(p.id).one(r -> java.time.LocalDate.ofInstant(r.getTimestamp(1).toInstant(), java.time.ZoneOffset.UTC).toString()).orElse(null);
        return new PeriodBoard(p.tenantId, tenant.name, p, c, new Paging.Page<>(filings, paging), Paging.query(query),
                counts.all(), counts.undecided(), optOutFlags.undecidedFlagged(p.id), figures, canApprove,
                notice, problems, verification.periodVerification(p.label),
                optOutFlags.ofFilings(p.id, filings.stream().map(PeriodBoard.FilingRow::id).toList()), archivedOn);
    }

    /**
     * The page {@code requested} of the ids of the period's filings that are not superseded (those the verification
     * board lists) whose builder, model or status contains {@code query}, in the board's order.
     */
    @Transactional
    public Paging.Page<Long> liveFilings(long periodId, String query, int requested) {
        String like = Paging.like(query);
        String where = FILINGS + SEARCHED + " AND f.status <> 'SUPERSEDED'";
        Paging paging = Paging.of(requested, Paging.SIZE, sql.sql("SELECT count(*) " + where)
                .bind("period", periodId).bind("like", like).single(r -> r.getLong(1)));
        return new Paging.Page<>(sql.sql("SELECT f.id " + where + " ORDER BY b.name, f.model, f.seq, f.id LIMIT :limit OFFSET :offset")
                .bind("period", periodId).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(r -> r.getLong(1)), paging);
    }

    /** The period's filings with their builder, in this CMO only. */
    private static final String FILINGS = """

            FROM filing f JOIN builder_org b ON b.id = f.builder_id
            WHERE f.tenant_id = :tenant AND f.period_id = :period""";

    /** Those whose builder, model or status contains the search ({@link Paging#like}), or all for none. */
    private static final String SEARCHED = """

              AND (CAST(:like AS text) IS NULL OR lower(b.name) LIKE :like OR lower(f.model) LIKE :like
                   OR lower(f.status) LIKE :like)""";

    /** How many filings the period has, and how many of them are still to be decided. */
    private record Counts(long all, long undecided) {
    }
}
