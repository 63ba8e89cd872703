package org.cmoportal.period;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.verification.VerificationService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Amounts;
import org.cmoportal.period.Period.State;
import org.cmoportal.tenancy.TenantSql;

/**
 * An administrator's decision on a filing of a closed period: accept (with a written justification when its
 * data-value share is outside the band) or reject (with a reason the builder sees). A decision may be changed
 * until the period is calculated; each one is in the audit log.
 */
@ApplicationScoped
public class FilingReview {

    static final int NOTE_MAX = 2000;

    /** A filing's review status after a decision. */
    public record Decision(long id, String status, String reviewNote, String reviewedBy) {
    }

    @Inject
    TenantSql sql;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    PeriodWorkflow workflow;

    @Inject
    VerificationService verification;

    @Transactional
    public Decision accept(String label, long filingId, String justification) {
        Period p = workflow.lock(label);
        Reviewed f = load(p, filingId);
        boolean flagged = f.shareFlagged();
        String note = trimmed(justification, "justification");
        if (flagged && note == null) {
            throw DomainException.invalid("justification", "The data-value share of filing " + filingId + " is outside the"
                    + " accepted band; write why it is acceptable (for example the evaluator's report), or reject the filing.");
        }
        // A tenant that requires attestations accepts only attested filings (and out-of-band shares need both).
        List<Problem> blockers = verification.acceptanceProblems(filingId, note);
        if (!blockers.isEmpty()) {
            throw DomainException.invalid(blockers);
        }
        return decide(p, f, filingId, "ACCEPTED", note);
    }

    @Transactional
    public Decision reject(String label, long filingId, String reason) {
        Period p = workflow.lock(label);
        Reviewed f = load(p, filingId);
        String note = trimmed(reason, "reason");
        if (note == null) {
            throw DomainException.invalid("reason", "Say why filing " + filingId + " is rejected; the builder sees it and"
                    + " can file again in a later period.");
        }
        return decide(p, f, filingId, "REJECTED", note);
    }

    /** What a decision changes and records of a filing. */
    private record Reviewed(String status, boolean shareFlagged, long tenantGross, String reviewNote) {
    }

    /** A filing of this period; else 404. */
    private Reviewed load(Period p, long filingId) {
        Reviewed f = sql.sql("""
                SELECT status, share_flagged, tenant_gross, review_note FROM filing
                WHERE tenant_id = :tenant AND id = :id AND period_id = :period""").bind("id", filingId).bind("period", p.id)
                .one(r -> new Reviewed(r.getString(1), r.getBoolean(2), r.getLong(3), r.getString(4)))
                .orElseThrow(() -> DomainException.notFound("Filing " + filingId + " of period " + p.label));
        // after the lookup: an id that is not this tenant's answers 404 in every state, as everywhere else
        PeriodWorkflow.require(p, State.CLOSED, "reviewing filings");
        if ("SUPERSEDED".equals(f.status())) {
            throw DomainException.conflict("filing-superseded", "Filing " + filingId + " was superseded by a later"
                    + " filing of the same model; review the latest one.");
        }
        return f;
    }

    private Decision decide(Period p, Reviewed f, long filingId, String status, String note) {
        sql.sql("""
                UPDATE filing SET status = :status, review_note = :note, reviewed_by = :actor, reviewed_at = now(), version = version + 1
                WHERE tenant_id = :tenant AND id = :id""").bind("status", status).bind("note", note).bind("actor", user.actor())
                .bind("id", filingId).update();
        String gross = Amounts.format(f.tenantGross(), PeriodWorkflow.currency(p));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("status", f.status());
        before.put("tenantGross", gross);
        if (f.reviewNote() != null) {
            before.put("note", f.reviewNote());
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("status", status);
        after.put("tenantGross", gross);
        after.put("note", note == null ? "" : note);
        after.put("shareFlagged", f.shareFlagged());
        audit.record("ACCEPTED".equals(status) ? "filing.accept" : "filing.reject", "filing", filingId, before, after);
        return new Decision(filingId, status, note, user.actor());
    }

    private static String trimmed(String text, String where) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() > NOTE_MAX) {
            throw DomainException.invalid(where, "Keep it to " + NOTE_MAX + " characters (it has " + t.length() + ").");
        }
        return t;
    }
}
