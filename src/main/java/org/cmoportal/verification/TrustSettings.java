package org.cmoportal.verification;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.evaluator.EvaluatorTrust;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Rate;
import org.cmoportal.money.RateFormatException;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenant.Tenant;

/** The current tenant's verification settings: the evaluators it trusts and whether it requires attestations. */
@ApplicationScoped
public class TrustSettings {

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    /** An evaluator organisation as settings show it. */
    public record EvaluatorView(String slug, String name, boolean trusted) {
    }

    /**
     * The settings, with every evaluator on the platform so the administrator can choose.
     *
     * @param valuationTolerance how far a filed share may stand from an attested scaling-law valuation, a rate ("0.02")
     */
    public record Settings(String tenant, boolean requiresAttestation, String valuationTolerance, List<EvaluatorView> evaluators) {
        public List<EvaluatorView> trusted() {
            return evaluators.stream().filter(EvaluatorView::trusted).toList();
        }

        public List<EvaluatorView> untrusted() {
            return evaluators.stream().filter(e -> !e.trusted()).toList();
        }
    }

    @Transactional
    public Settings settings() {
        Tenant t = Tenant.findById(tenant.tenantId());
        List<EvaluatorView> all = EvaluatorOrg.<EvaluatorOrg>list("order by name").stream()
                .map(e -> new EvaluatorView(e.slug, e.name, EvaluatorTrust.exists(t.id, e.id))).toList();
        return new Settings(t.id, t.requiresAttestation, rate(t.valuationTolerance).toString(), all);
    }

    @Transactional
    public void requireAttestation(boolean required) {
        Tenant t = Tenant.findById(tenant.tenantId());
        if (t.requiresAttestation == required) {
            return;
        }
        boolean before = t.requiresAttestation;
        t.requiresAttestation = required;
        audit.record("tenant.requires-attestation", "tenant", t.id, Map.of("requiresAttestation", before),
                Map.of("requiresAttestation", required));
    }

    /**
     * Sets how far a filed data-value share may differ from an attested scaling-law valuation before the period board
     * flags the filing: a rate between 0 and 1 in share points, 0.02 for two percentage points.
     */
    @Transactional
    public void valuationTolerance(String tolerance) {
        Rate parsed;
        try {
            parsed = Rate.parse(tolerance == null ? "" : tolerance.strip());
        } catch (RateFormatException e) {
            throw DomainException.invalid("valuationTolerance", "Give the tolerance as a share between 0 and 1 with at most 6 digits,"
                    + " for example 0.02 for two percentage points (" + e.getMessage() + ").");
        }
        Tenant t = Tenant.findById(tenant.tenantId());
        Rate before = rate(t.valuationTolerance);
        if (before.equals(parsed)) {
            return;
        }
        t.valuationTolerance = parsed.toBigDecimal();
        audit.record("tenant.valuation-tolerance", "tenant", t.id, Map.of("valuationTolerance", before.toString()),
                Map.of("valuationTolerance", parsed.toString()));
    }

    private static Rate rate(java.math.BigDecimal value) {
        return Rate.ofMillionths(value.movePointRight(6).longValueExact());
    }

    @Transactional
    public void trust(String evaluatorSlug) {
        EvaluatorOrg org = evaluator(evaluatorSlug);
        if (EvaluatorTrust.exists(tenant.tenantId(), org.id)) {
            return;
        }
        EvaluatorTrust trust = new EvaluatorTrust();
        trust.tenantId = tenant.tenantId();
        trust.evaluatorId = org.id;
        trust.grantedBy = user.actor();
        trust.persist();
        audit.record("evaluator.trust", "evaluator", org.slug, null, Map.of("trusted", true));
    }

    /** Withdraws trust: the evaluator's attestations stop counting here and its users lose access. */
    @Transactional
    public void distrust(String evaluatorSlug) {
        EvaluatorOrg org = evaluator(evaluatorSlug);
        long removed = EvaluatorTrust.delete("tenantId = ?1 and evaluatorId = ?2", tenant.tenantId(), org.id);
        if (removed > 0) {
            audit.record("evaluator.distrust", "evaluator", org.slug, Map.of("trusted", true), Map.of("trusted", false));
        }
    }

    private static EvaluatorOrg evaluator(String slug) {
        if (slug == null || slug.isBlank()) {
            throw DomainException.invalid("evaluator", "Give the evaluator organisation's slug, for example example-evals.");
        }
        EvaluatorOrg org = EvaluatorOrg.findBySlug(slug.strip());
        if (org == null) {
            throw DomainException.invalid("evaluator", "No evaluator organisation is called '" + slug.strip()
                    + "'. The platform operator registers evaluators; choose one from the list.");
        }
        return org;
    }
}
