package org.cmoportal.period;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.verification.VerificationService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Amounts;
import org.cmoportal.period.Period.State;

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
    EntityManager em;

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
        Object[] f = load(p, filingId);
        boolean flagged = (Boolean) f[2];
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
        Object[] f = load(p, filingId);
        String note = trimmed(reason, "reason");
        if (note == null) {
            throw DomainException.invalid("reason", "Say why filing " + filingId + " is rejected; the builder sees it and"
                    + " can file again in a later period.");
        }
        return decide(p, f, filingId, "REJECTED", note);
    }

    /** id, status, share_flagged, tenant_gross, review_note of a filing of this period; else 404. */
    private Object[] load(Period p, long filingId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, status, share_flagged, tenant_gross, review_note FROM filing
                WHERE id = ?1 AND period_id = ?2""").setParameter(1, filingId).setParameter(2, p.id).getResultList();
        if (rows.isEmpty()) {
            throw DomainException.notFound("Filing " + filingId + " of period " + p.label);
        }
        // after the lookup: an id that is not this tenant's answers 404 in every state, as everywhere else
        PeriodWorkflow.require(p, State.CLOSED, "reviewing filings");
        Object[] f = rows.get(0);
        if ("SUPERSEDED".equals(f[1])) {
            throw DomainException.conflict("filing-superseded", "Filing " + filingId + " was superseded by a later"
                    + " filing of the same model; review the latest one.");
        }
        return f;
    }

    private Decision decide(Period p, Object[] f, long filingId, String status, String note) {
        em.createNativeQuery("""
                UPDATE filing SET status = ?1, review_note = ?2, reviewed_by = ?3, reviewed_at = now(), version = version + 1
                WHERE id = ?4""").setParameter(1, status).setParameter(2, note).setParameter(3, user.actor())
                .setParameter(4, filingId).executeUpdate();
        String gross = Amounts.format(((Number) f[3]).longValue(), PeriodWorkflow.currency(p));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("status", f[1]);
        before.put("tenantGross", gross);
        if (f[4] != null) {
            before.put("note", f[4]);
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("status", status);
        after.put("tenantGross", gross);
        after.put("note", note == null ? "" : note);
        after.put("shareFlagged", f[2]);
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
