package org.cmoportal.verification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.error.UniqueKeys;
import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.evaluator.EvaluatorTrust;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.valuation.ScalingLawInput;
import org.cmoportal.valuation.ValuationView;
import org.cmoportal.valuation.Valuations;

/**
 * Verification of the current tenant's filings: digests, commitments, cross-CMO consistency and
 * attestations. Intake calls {@link #onFilingStored}, the period workflow {@link #acceptanceProblems}.
 */
@ApplicationScoped
public class VerificationService {

    @Inject
    EntityManager em;

    @Inject
    TenantSql sql;

    @Inject
    StoredFilings filings;

    @Inject
    AuditLog audit;

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    /**
     * Intake's hook, in its transaction right after it stored a filing (and its categories): records the
     * filing's digests, voids attestations of the versions it supersedes, checks the builder's commitment
     * and the builder's filings in other CMOs, and writes what it found to the audit log.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onFilingStored(long filingId) {
        StoredFiling filing = filings.find(filingId)
                .orElseThrow(() -> new IllegalArgumentException("no filing " + filingId + " in tenant " + tenant.tenantId()));
        FilingDigests.Digests digests = filing.digests();
        List<Long> earlier = filings.earlierVersions(filing);
        List<Long> voided = new ArrayList<>();
        if (!earlier.isEmpty()) {
            for (Attestation a : Attestation.<Attestation>list("filingId in ?1 and voidedAt is null", earlier)) {
                a.voidedAt = java.time.Instant.now();
                a.voidReason = "the builder resubmitted: filing " + filingId + " (version " + filing.seq() + ") supersedes it";
                voided.add(a.id);
            }
            em.flush();
            sql.sql("UPDATE filing_digest SET current = false WHERE tenant_id = :tenant AND filing_id = ANY(:earlier)")
                    .bind("earlier", earlier.toArray(Long[]::new)).update();
        }
        sql.sql("""
                INSERT INTO filing_digest (filing_id, tenant_id, builder_id, model, period_label, operating_profit_sha256,
                                           data_value_share_sha256, mixture_sha256)
                VALUES (:filing, :tenant, :builder, :model, :period, :operatingProfit, :dataValueShare, :mixture)""")
                .bind("filing", filingId).bind("builder", filing.builderId()).bind("model", filing.model())
                .bind("period", filing.periodLabel()).bind("operatingProfit", digests.operatingProfit())
                .bind("dataValueShare", digests.dataValueShare()).bind("mixture", digests.mixture()).update();
        CommitmentCheck commitment = compareWithCommitments(filing.builderId(), filing.model(), digests.mixture());
        sql.sql("""
                INSERT INTO filing_check (filing_id, tenant_id, mixture_sha256, commitment_status, commitment_sha256)
                VALUES (:filing, :tenant, :mixture, :status, :committed)""")
                .bind("filing", filingId).bind("mixture", digests.mixture()).bind("status", commitment.status().name())
                .bind("committed", commitment.committedSha256()).update();
        SiblingCheck siblings = siblings(filingId);
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("operatingProfitSha256", digests.operatingProfit());
        found.put("dataValueShareSha256", digests.dataValueShare());
        found.put("mixtureSha256", digests.mixture());
        found.put("commitment", commitment.status().name());
        found.put("committedSha256", commitment.committedSha256());
        found.put("siblings", siblings.siblings());
        found.put("differingFigures", siblings.differing().stream().map(Enum::name).toList());
        found.put("voidedAttestations", voided);
        audit.record("filing.verify", "filing", filingId, null, found);
    }

    private static CommitmentCheck compareWithCommitments(long builderId, String model, String mixtureSha256) {
        List<MixtureCommitment> commitments = MixtureCommitment.list("builderId = ?1 and model = ?2 order by committedAt desc, id desc",
                builderId, model);
        if (commitments.isEmpty()) {
            return new CommitmentCheck(CommitmentCheck.Status.NONE, mixtureSha256, null);
        }
        return commitments.stream().filter(c -> c.mixtureSha256.equals(mixtureSha256)).findFirst()
                .map(c -> new CommitmentCheck(CommitmentCheck.Status.MATCH, mixtureSha256, c.mixtureSha256))
                .orElse(new CommitmentCheck(CommitmentCheck.Status.MISMATCH, mixtureSha256, commitments.get(0).mixtureSha256));
    }

    /** How the filing compares with the builder's current filings in other CMOs (computed now, so both sides see it). */
    @Transactional
    public SiblingCheck siblings(long filingId) {
        // the function reads other CMOs' digests as their owner, and only for a filing of the entered tenant
        return sql.sql("SELECT * FROM filing_sibling_differences(:filing)").bind("filing", filingId).one(r -> {
            List<Figure> differing = new ArrayList<>();
            if (r.getBoolean(2)) {
                differing.add(Figure.OPERATING_PROFIT);
            }
            if (r.getBoolean(3)) {
                differing.add(Figure.DATA_VALUE_SHARE);
            }
            if (r.getBoolean(4)) {
                differing.add(Figure.MIXTURE);
            }
            return new SiblingCheck(r.getInt(1), differing);
        }).orElse(SiblingCheck.NONE);
    }

    /** What the filing's check found about the builder's commitment when it was stored. */
    @Transactional
    public CommitmentCheck commitment(StoredFiling filing) {
        return sql.sql("""
                SELECT commitment_status, mixture_sha256, commitment_sha256 FROM filing_check
                WHERE tenant_id = :tenant AND filing_id = :filing""").bind("filing", filing.id())
                .one(r -> new CommitmentCheck(CommitmentCheck.Status.valueOf(r.getString(1)), r.getString(2), r.getString(3)))
                .orElseGet(() -> new CommitmentCheck(CommitmentCheck.Status.NONE, filing.digests().mixture(), null));
    }

    /**
     * The workflow's hook before accepting a filing: what blocks it, each with where and what to do; empty
     * when nothing does. Where the tenant requires attestations, the filing needs a standing one; a share
     * outside the band then needs one that verified the share, and the administrator's justification.
     */
    @Transactional
    public List<Problem> acceptanceProblems(long filingId, String justification) {
        StoredFiling filing = filings.find(filingId).orElseThrow(() -> DomainException.notFound("Filing " + filingId));
        return acceptanceProblems(filing, attestations(filing), justification);
    }

    private List<Problem> acceptanceProblems(StoredFiling filing, List<AttestationView> attestations, String justification) {
        Tenant t = Tenant.findById(tenant.tenantId());
        List<Problem> problems = new ArrayList<>();
        if (!t.requiresAttestation) {
            return problems;
        }
        List<AttestationView> valid = attestations.stream().filter(AttestationView::valid).toList();
        if (valid.isEmpty()) {
            problems.add(new Problem("attestation", t.name + " requires an attestation by an evaluator it trusts before a filing is accepted,"
                    + " and filing " + filing.id() + " has none that stands"
                    + (filing.attestationEvaluator() == null ? "; the builder named no evaluator: ask the builder to name one and resubmit."
                            : ". Ask " + filing.attestationEvaluator() + " to attest it, or check that " + t.name + " trusts that evaluator.")));
        }
        if (filing.shareFlagged()) {
            if (!valid.isEmpty() && valid.stream().noneMatch(a -> a.figures().contains(Figure.DATA_VALUE_SHARE.phrase))) {
                problems.add(new Problem("attestation", "The data-value share " + filing.shareText()
                        + " is outside the accepted band; it needs an attestation that verified the data-value share."));
            }
            if (justification == null || justification.isBlank()) {
                problems.add(new Problem("justification", "The data-value share " + filing.shareText()
                        + " is outside the accepted band: write why you accept it, in addition to the attestation."));
            }
        }
        return problems;
    }

    /** Every attestation of the filing, oldest first, each saying whether it stands. */
    @Transactional
    public List<AttestationView> attestations(StoredFiling filing) {
        Map<Long, EvaluatorOrg> orgs = new LinkedHashMap<>();
        return Attestation.ofFiling(filing.id()).stream().map(a -> {
            EvaluatorOrg org = orgs.computeIfAbsent(a.evaluatorId, id -> EvaluatorOrg.findById(id));
            // bound to the valuation it carries as to the filing's content: either changed, it no longer stands
            boolean intact = a.valuationIntact();
            boolean valid = !a.voided() && filing.live() && a.filingSha256.equals(filing.contentSha256()) && intact
                    && EvaluatorTrust.exists(filing.tenantId(), a.evaluatorId);
            String reason = a.voidReason != null || intact ? a.voidReason
                    : "its scaling-law valuation is no longer the one attested (valuation SHA-256 " + a.valuationSha256 + ")";
            return new AttestationView(a.id, a.filingId, org.name, org.slug, a.figures().stream().map(f -> f.phrase).toList(),
                    a.method, a.reportReference, a.evidenceSha256, a.filingSha256, a.attestedBy, a.attestedAt, valid,
                    a.voidedAt, reason, a.valuation().map(ValuationView::of).orElse(null));
        }).toList();
    }

    /** The administrator's view of one filing, or 404. */
    @Transactional
    public FilingVerification verification(long filingId) {
        return view(filings.find(filingId).orElseThrow(() -> DomainException.notFound("Filing " + filingId)), tolerance());
    }

    /** Every filing of the period that is not superseded, with its verification. */
    @Transactional
    public PeriodVerification periodVerification(String periodLabel) {
        Rate tolerance = tolerance();
        return PeriodVerification.of(periodLabel, filings.ofPeriod(periodLabel).stream().map(f -> view(f, tolerance)).toList());
    }

    /** How far a filed share may stand from an attested valuation before it is flagged (V14, the tenant's setting). */
    private Rate tolerance() {
        return Rate.ofMillionths(Tenant.<Tenant>findById(tenant.tenantId()).valuationTolerance.movePointRight(6).longValueExact());
    }

    private FilingVerification view(StoredFiling f, Rate tolerance) {
        List<AttestationView> attestations = attestations(f);
        List<String> blocking = f.status().equals("SUBMITTED")
                ? acceptanceProblems(f, attestations, null).stream().map(Problem::message).toList() : List.of();
        List<String> valuations = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (AttestationView a : attestations) {
            if (a.valid() && a.valuation() != null) {
                valuations.add(Valuations.sentence(f.share(), a.valuation().description(), a.evaluator()));
                Rate valued = Rate.parse(a.valuation().dataValueShare());
                if (ScalingLaw.beyondTolerance(f.share(), valued, tolerance)) {
                    differences.add("the filed share " + Valuations.decimal(f.share()) + " differs from " + a.evaluator()
                            + "'s scaling-law valuation " + Valuations.decimal(valued) + " by "
                            + Valuations.decimal(Rate.ofMillionths(Math.abs(f.share().millionths() - valued.millionths())))
                            + ", more than the tolerance " + Valuations.decimal(tolerance));
                }
            }
        }
        return new FilingVerification(f.id(), f.builderName(), f.model(), f.seq(), f.status(), f.shareText(), f.shareFlagged(),
                f.attestationEvaluator(), attestations, siblings(f.id()), commitment(f), blocking, valuations,
                differences.isEmpty() ? null : String.join("; ", differences));
    }

    /** The statement trail's hook: for each filing, whether it was attested and by whom. */
    @Transactional
    public Map<Long, TrailNote> trail(Collection<Long> filingIds) {
        Map<Long, TrailNote> notes = new LinkedHashMap<>();
        for (Long id : filingIds) {
            Optional<StoredFiling> f = filings.find(id);
            if (f.isEmpty()) {
                continue;
            }
            List<AttestationView> valid = attestations(f.get()).stream().filter(AttestationView::valid).toList();
            notes.put(id, new TrailNote(id, !valid.isEmpty(), valid.stream().map(AttestationView::evaluator).toList(),
                    valid.stream().map(AttestationView::reportReference).toList(),
                    valid.isEmpty() ? null : valid.get(valid.size() - 1).attestedAt()));
        }
        return notes;
    }

    /**
     * The filing, if it is addressed to one of the caller's evaluator organisations that this tenant trusts;
     * otherwise 404, exactly as for a filing that does not exist.
     */
    @Transactional
    public Addressed addressed(long filingId) {
        Optional<StoredFiling> filing = filings.find(filingId);
        if (filing.isPresent()) {
            for (Long evaluatorId : user.affiliations().evaluatorIds()) {
                EvaluatorOrg org = EvaluatorOrg.findById(evaluatorId);
                if (org.isNamedBy(filing.get().attestationEvaluator()) && EvaluatorTrust.exists(tenant.tenantId(), evaluatorId)) {
                    return new Addressed(filing.get(), org, attestations(filing.get()).stream()
                            .filter(a -> a.evaluatorSlug().equals(org.slug)).toList());
                }
            }
        }
        throw DomainException.notFound("Filing " + filingId);
    }

    /** A filing as its evaluator sees it: the figures and mixture, and this evaluator's own attestations. */
    public record Addressed(StoredFiling filing, EvaluatorOrg evaluator, List<AttestationView> attestations) {
        public boolean attestedNow() {
            return attestations.stream().anyMatch(AttestationView::valid);
        }
    }

    /** Records the caller's attestation of a filing addressed to its organisation; every problem at once. */
    @Transactional
    public Attestation attest(long filingId, AttestationRequest request) {
        AttestationRequest r = request == null ? new AttestationRequest(null, null, null, null, null, null, null) : request;
        return attest(filingId, r, ScalingLawInput.fromJson(r.valuation(), "valuation."));
    }

    /**
     * The same, with the valuation already read (from the API's JSON or the page's fields): it travels with the
     * attestation, which is bound to its digest.
     */
    @Transactional
    public Attestation attest(long filingId, AttestationRequest request, ScalingLawInput.Parsed valuation) {
        Addressed target = addressed(filingId);
        StoredFiling filing = target.filing();
        AttestationRequest r = request;
        List<Problem> problems = new ArrayList<>();
        boolean share = Boolean.TRUE.equals(r.dataValueShare());
        boolean mixture = Boolean.TRUE.equals(r.mixture());
        boolean profit = Boolean.TRUE.equals(r.operatingProfit());
        if (!share && !mixture && !profit) {
            problems.add(new Problem("figures", "Tick at least one figure you verified: data-value share, mixture weights or operating profit."));
        }
        if (r.method() == null || r.method().isBlank() || r.method().length() > 2000) {
            problems.add(new Problem("method", "Say how you verified the figures (for example scaling-law fit on held-out data), in at most 2000 characters."));
        }
        if (r.reportReference() == null || r.reportReference().isBlank() || r.reportReference().strip().length() > 200) {
            problems.add(new Problem("reportReference", "Give your report's reference (for example report-2026-117), at most 200 characters."));
        }
        String evidence = r.evidenceSha256() == null ? null : r.evidenceSha256().strip().toLowerCase(java.util.Locale.ROOT);
        if (!FilingDigests.isSha256Hex(evidence)) {
            problems.add(new Problem("evidenceSha256", "Give the SHA-256 of the evidence document you hold: 64 hexadecimal digits, as sha256sum prints it."));
        }
        problems.addAll(valuation.problems());
        if (valuation.given() && !share && (mixture || profit)) {
            problems.add(new Problem("figures", "A scaling-law valuation is evidence for the data-value share: tick the data-value share too,"
                    + " or leave the valuation out."));
        }
        problems.addAll(digestProblems(valuation, r.valuationSha256()));
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (!filing.live()) {
            throw DomainException.conflict("filing-not-live", "Filing " + filingId + " is " + filing.status()
                    + ": it can no longer be attested. Attest the builder's current filing instead.");
        }
        if (r.filingSha256() != null && !r.filingSha256().isBlank() && !r.filingSha256().strip().equalsIgnoreCase(filing.contentSha256())) {
            throw DomainException.conflict("filing-changed", "Filing " + filingId + " no longer has the content you looked at ("
                    + r.filingSha256().strip() + "); it is now " + filing.contentSha256() + ". Review it again before attesting.");
        }
        String attestation = "filing " + filingId + " by " + target.evaluator().name;
        if (target.attestedNow()) {
            throw UniqueKeys.taken(UniqueKeys.STANDING_ATTESTATION, attestation);
        }
        Attestation a = new Attestation();
        a.filingId = filingId;
        a.evaluatorId = target.evaluator().id;
        a.filingSha256 = filing.contentSha256();
        a.verifiedShare = share;
        a.verifiedMixture = mixture;
        a.verifiedOperatingProfit = profit;
        a.method = r.method().strip();
        a.reportReference = r.reportReference().strip();
        a.evidenceSha256 = evidence;
        a.attestedBy = user.actor();
        if (valuation.given()) {
            a.carry(valuation.valuation());
        }
        // two presses may both find no standing attestation: the unique key decides, and the other hears it as above
        UniqueKeys.guard(UniqueKeys.STANDING_ATTESTATION, attestation, () -> {
            a.persistAndFlush();
            return a;
        });
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("filing", filingId);
        after.put("evaluator", target.evaluator().slug);
        after.put("filingSha256", a.filingSha256);
        after.put("figures", a.figures().stream().map(Enum::name).toList());
        after.put("reportReference", a.reportReference);
        after.put("evidenceSha256", a.evidenceSha256);
        if (a.hasValuation()) {
            after.put("valuationShare", valuation.valuation().shareText());
            after.put("valuationSha256", a.valuationSha256);
        }
        audit.record("attestation.record", "attestation", a.id, null, after);
        return a;
    }

    /** The evaluator's own digest of the valuation, if it sent one, against the portal's. */
    private static List<Problem> digestProblems(ScalingLawInput.Parsed valuation, String sent) {
        if (!valuation.ok() || sent == null || sent.isBlank()) {
            return List.of();
        }
        String digest = sent.strip().toLowerCase(java.util.Locale.ROOT);
        if (digest.equals(valuation.valuation().sha256())) {
            return List.of();
        }
        return List.of(new Problem("valuationSha256", "From these inputs the portal computes the valuation SHA-256 "
                + valuation.valuation().sha256() + ", not " + sent.strip() + ": compare your canonical text with "
                + valuation.valuation().canonicalText() + "."));
    }

    /**
     * Replaces the scaling-law valuation that the caller's standing attestation of the filing carries (or gives it one).
     * Attestations are never edited: the standing one is voided, saying what changed, and a new one with the same
     * figures, method, report and evidence carries the new valuation, as a resubmitted filing voids what attested the
     * old one. The same valuation again changes nothing.
     */
    @Transactional
    public Attestation revalue(long filingId, ScalingLawInput.Parsed valuation, String valuationSha256) {
        Addressed target = addressed(filingId);
        List<Problem> problems = new ArrayList<>(valuation.problems());
        if (!valuation.given()) {
            problems.add(new Problem("valuation", "Give the valuation: a fit (a preset or your own constants), the model's N and D,"
                    + " and the baseline's N0 and D0."));
        }
        problems.addAll(digestProblems(valuation, valuationSha256));
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        String evaluator = target.evaluator().name;
        AttestationView standing = target.attestations().stream().filter(AttestationView::valid).findFirst()
                .orElseThrow(() -> notAttested(filingId, evaluator));
        Attestation old = Attestation.findById(standing.id());
        // a concurrent change may have voided it meanwhile: read it again under its row lock
        em.refresh(old, LockModeType.PESSIMISTIC_WRITE);
        if (old.voided()) {
            throw notAttested(filingId, evaluator);
        }
        if (!old.verifiedShare) {
            throw DomainException.conflict("share-not-attested", evaluator + "'s attestation of filing " + filingId
                    + " does not verify the data-value share, which a scaling-law valuation is evidence for. Attest the share first.");
        }
        ScalingLaw.Valuation v = valuation.valuation();
        if (v.sha256().equals(old.valuationSha256)) {
            return old;
        }
        String before = old.valuation().map(Valuations::describe).orElse("no scaling-law valuation");
        old.voidedAt = java.time.Instant.now();
        old.voidReason = evaluator + " changed the valuation it attests: " + before + " became " + Valuations.describe(v)
                + " (valuation SHA-256 " + v.sha256() + ")";
        em.flush();
        Attestation a = new Attestation();
        a.filingId = old.filingId;
        a.evaluatorId = old.evaluatorId;
        a.filingSha256 = old.filingSha256;
        a.verifiedShare = old.verifiedShare;
        a.verifiedMixture = old.verifiedMixture;
        a.verifiedOperatingProfit = old.verifiedOperatingProfit;
        a.method = old.method;
        a.reportReference = old.reportReference;
        a.evidenceSha256 = old.evidenceSha256;
        a.attestedBy = user.actor();
        a.carry(v);
        a.persistAndFlush();
        Map<String, Object> was = new LinkedHashMap<>();
        was.put("attestation", old.id);
        was.put("valuationShare", old.valuationShare == null ? null : old.valuationShare.toPlainString());
        was.put("valuationSha256", old.valuationSha256);
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("attestation", a.id);
        now.put("filing", filingId);
        now.put("evaluator", target.evaluator().slug);
        now.put("valuationShare", v.shareText());
        now.put("valuationSha256", a.valuationSha256);
        audit.record("attestation.revalue", "attestation", a.id, was, now);
        return a;
    }

    private static DomainException notAttested(long filingId, String evaluator) {
        return DomainException.conflict("not-attested", evaluator + " has no standing attestation of filing " + filingId
                + " to carry a valuation: record the attestation with the valuation instead.");
    }
}
