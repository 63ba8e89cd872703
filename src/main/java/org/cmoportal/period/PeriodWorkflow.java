package org.cmoportal.period;

import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.period.Period.State;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/**
 * Moves a period from OPEN to DISTRIBUTED (economics.md, "The period"), for the pages and the API alike.
 *
 * <p>Every action locks the period row ({@code SELECT ... FOR UPDATE}) before it checks the state, so two
 * administrators pressing the same button at once are served one after the other: the second finds the
 * state already moved and gets a 409 naming it. Each action is one transaction with its audit entry: a
 * failure anywhere leaves the period as it was, with no partial run lines or statements.
 */
@ApplicationScoped
public class PeriodWorkflow {

    /** Long enough for a million usage lines on a small machine; the default 60 s is not. */
    static final int LONG_TX_SECONDS = 900;

    @Inject
    EntityManager em;

    @Inject
    TenantSql sql;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    RunCalculator calculator;

    @Inject
    RunReport report;

    @Inject
    StatementPublisher publisher;

    @Inject
    RunProgress progress;

    /** OPEN -> CLOSED: no more filings; review starts. */
    @Transactional
    public Period close(String label) {
        Period p = lock(label);
        require(p, State.OPEN, "closing");
        p.state = State.CLOSED;
        p.closedAt = Instant.now();
        audit.record("period.close", "period", label, Map.of("state", "OPEN"),
                Map.of("state", "CLOSED", "submittedFilings", countFilings(p, "SUBMITTED")));
        return p;
    }

    /** CLOSED -> CALCULATED: the distribution run over the accepted filings, computed by the engine as the usage streams in. */
    @Transactional
    @TransactionConfiguration(timeout = LONG_TX_SECONDS)
    public RunFigures calculate(String label) {
        Period p = lock(label);
        require(p, State.CLOSED, "calculating");
        long unreviewed = countFilings(p, "SUBMITTED");
        if (unreviewed > 0) {
            throw DomainException.conflict("filings-unreviewed", unreviewed + " filing(s) of " + label
                    + " are not reviewed yet; accept or reject each one, then calculate.");
        }
        DistributionRun run = new DistributionRun();
        run.periodId = p.id;
        run.calculatedBy = user.actor();
        run.persistAndFlush();
        calculator.compute(run.id, p.id);
        em.refresh(run);
        p.state = State.CALCULATED;
        p.calculatedBy = run.calculatedBy;
        p.calculatedAt = Instant.now();
        long start = System.nanoTime();
        RunFigures figures = report.figures(run);
        audit.record("period.calculate", "period", label, Map.of("state", "CLOSED"), after(State.CALCULATED, figures));
        progress.phase(run.id, "figures read and audit recorded", 1, System.nanoTime() - start);
        return figures;
    }

    /** CALCULATED -> CLOSED: the run is dropped (its totals stay on record) so that it can be calculated again. */
    @Transactional
    @TransactionConfiguration(timeout = LONG_TX_SECONDS)
    public Period discard(String label) {
        Period p = lock(label);
        require(p, State.CALCULATED, "discarding the run");
        DistributionRun run = liveRun(p);
        RunFigures figures = report.totals(run);
        run.status = DistributionRun.Status.DISCARDED;
        run.discardedBy = user.actor();
        run.discardedAt = Instant.now();
        em.flush();
        sql.sql("DELETE FROM run_ref WHERE tenant_id = :tenant AND run_id = :run").bind("run", run.id).update();
        sql.sql("DELETE FROM run_line WHERE tenant_id = :tenant AND period_id = :period AND run_id = :run")
                .bind("period", p.id).bind("run", run.id).update();
        sql.sql("DELETE FROM run_category WHERE tenant_id = :tenant AND run_id = :run").bind("run", run.id).update();
        p.state = State.CLOSED;
        p.calculatedBy = null;
        p.calculatedAt = null;
        audit.record("period.discard", "period", label, after(State.CALCULATED, figures),
                Map.of("state", "CLOSED", "discardedRun", run.id));
        return p;
    }

    /**
     * CALCULATED -> APPROVED by a second administrator (four eyes), through the API.
     *
     * @param seenRunId the run whose figures the approver looked at, if known: approving a run that was
     *                  discarded and recalculated meanwhile would approve figures nobody checked. Clients
     *                  older than the run id send none and approve the current run.
     */
    @Transactional
    public Period approve(String label, Long seenRunId) {
        return approve(lock(label), seenRunId, false);
    }

    /**
     * The same from the period board, whose form always names the run it showed: a post without one comes from
     * an older page, and approving whatever run is current then could approve figures nobody on it saw.
     */
    @Transactional
    public Period approveShown(String label, Long shownRunId) {
        return approve(lock(label), shownRunId, true);
    }

    private Period approve(Period p, Long seenRunId, boolean runNamed) {
        String label = p.label;
        require(p, State.CALCULATED, "approving");
        if (user.actor().equals(p.calculatedBy)) {
            throw DomainException.conflict("four-eyes", "You calculated this run, so you cannot approve it: another"
                    + " administrator of this CMO must check the figures and approve (four eyes).");
        }
        DistributionRun run = liveRun(p);
        if (seenRunId == null && runNamed) {
            throw DomainException.conflict("run-not-named", "The approval did not say which run you checked; the current"
                    + " run is run " + run.id + ". Reload the period board, check its figures, then approve.");
        }
        if (seenRunId != null && !seenRunId.equals(run.id)) {
            throw DomainException.conflict("run-replaced", "The run you looked at (" + seenRunId + ") was discarded and"
                    + " calculated again as run " + run.id + "; review the new figures, then approve.");
        }
        p.state = State.APPROVED;
        p.approvedBy = user.actor();
        p.approvedAt = Instant.now();
        audit.record("period.approve", "period", label, after(State.CALCULATED, report.totals(run)),
                Map.of("state", "APPROVED", "run", run.id, "calculatedBy", p.calculatedBy));
        return p;
    }

    /** APPROVED -> DISTRIBUTED: the members' statements are published in the same transaction. */
    @Transactional
    @TransactionConfiguration(timeout = LONG_TX_SECONDS)
    public Period distribute(String label) {
        Period p = lock(label);
        require(p, State.APPROVED, "distributing");
        DistributionRun run = liveRun(p);
        StatementPublisher.Published published = publisher.publish(run, p.label);
        run.status = DistributionRun.Status.DISTRIBUTED;
        run.distributedAt = Instant.now();
        p.state = State.DISTRIBUTED;
        p.distributedBy = user.actor();
        p.distributedAt = run.distributedAt;
        CurrencyUnit currency = currency(p);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("state", "DISTRIBUTED");
        after.put("run", run.id);
        after.put("statements", published.statements());
        after.put("earnedEntries", published.earnedEntries());
        after.put("paid", Amounts.format(run.paid, currency));
        after.put("suspense", Amounts.format(run.suspense, currency));
        long start = System.nanoTime();
        audit.record("period.distribute", "period", label, Map.of("state", "APPROVED"), after);
        progress.phase(run.id, "audit recorded", 1, System.nanoTime() - start);
        return p;
    }

    /** The figures of the period's run (calculated, approved or distributed). */
    @Transactional
    public RunFigures distribution(String label) {
        Period p = find(label);
        if (p.state == State.OPEN || p.state == State.CLOSED) {
            throw wrongState(p, "a distribution", "CALCULATED, APPROVED or DISTRIBUTED");
        }
        return report.figures(liveRun(p));
    }

    /** Refuses unless the period is distributed: checked before a payout file download starts streaming. */
    @Transactional
    public void requirePayoutFile(String label) {
        require(find(label), State.DISTRIBUTED, "the payout file");
    }

    /** The payout file of a distributed period, written to {@code out}. */
    @Transactional
    public void payoutFile(String label, Writer out) {
        Period p = find(label);
        require(p, State.DISTRIBUTED, "the payout file");
        publisher.payoutFile(p.id, currency(p), out);
    }

    /** The period, locked for the rest of the transaction; others acting on it wait here. */
    Period lock(String label) {
        Period p = Period.<Period>find("label", label).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (p == null) {
            throw DomainException.notFound("Period '" + label + "'");
        }
        return p;
    }

    Period find(String label) {
        Period p = Period.findByLabel(label);
        if (p == null) {
            throw DomainException.notFound("Period '" + label + "'");
        }
        return p;
    }

    static void require(Period p, State expected, String action) {
        if (p.state != expected) {
            throw wrongState(p, action, expected.name());
        }
    }

    static DomainException wrongState(Period p, String action, String expected) {
        return DomainException.conflict("wrong-state", "The period " + p.label + " is " + p.state + "; "
                + action + " needs it " + expected + ".");
    }

    private DistributionRun liveRun(Period p) {
        DistributionRun run = DistributionRun.live(p.id);
        if (run == null) {
            throw new IllegalStateException("period " + p.label + " is " + p.state + " but has no run");
        }
        return run;
    }

    long countFilings(Period p, String status) {
        return sql.sql("SELECT count(*) FROM filing WHERE tenant_id = :tenant AND period_id = :period AND status = :status")
                .bind("period", p.id).bind("status", status).single(rs -> rs.getLong(1));
    }

    static CurrencyUnit currency(Period p) {
        return CurrencyUnit.of(Tenant.<Tenant>findById(p.tenantId).currency);
    }

    /** A run's totals for the audit log, in major units as the pages show them. */
    private static Map<String, Object> after(State state, RunFigures f) {
        CurrencyUnit c = CurrencyUnit.of(f.currency());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.name());
        m.put("run", f.runId());
        m.put("filings", f.filings());
        m.put("lines", f.lines());
        m.put("currency", f.currency());
        m.put("tenantGross", Amounts.format(f.tenantGross(), c));
        m.put("fees", Amounts.format(f.fees(), c));
        m.put("paid", Amounts.format(f.paid(), c));
        m.put("suspense", Amounts.format(f.suspense(), c));
        return m;
    }
}
