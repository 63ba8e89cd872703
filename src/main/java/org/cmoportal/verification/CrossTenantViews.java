package org.cmoportal.verification;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.evaluator.EvaluatorTrust;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.organisation.BuilderOrg;
import org.cmoportal.organisation.Licence;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The views that span tenants for one person: an evaluator's filings in every CMO that trusts it, a
 * builder's checks in every CMO that licenses it. Each tenant is read inside itself (TenantScope).
 */
@ApplicationScoped
public class CrossTenantViews {

    @Inject
    CurrentUser user;

    @Inject
    TenantScope scope;

    @Inject
    StoredFilings filings;

    @Inject
    VerificationService verification;

    /** A filing addressed to one of the caller's evaluator organisations. */
    public record AddressedFiling(String tenant, String tenantName, String evaluator, long filingId, String builder,
            String model, String period, int seq, String status, String contentSha256, boolean attested) {
    }

    /** One of the builder's filings with what verification found; the flags name figures, never another CMO's value. */
    public record BuilderCheck(String tenant, String tenantName, long filingId, String model, String period, int seq,
            String status, String attestedBy, String inconsistency, String commitmentMessage) {
    }

    private record Place(String tenantId, String tenantName, Long orgId) {
    }

    /** Filings naming the caller's evaluator organisations, in every tenant that trusts them. */
    public List<AddressedFiling> evaluatorQueue() {
        List<Place> places = QuarkusTransaction.joiningExisting().call(() -> {
            List<Place> list = new ArrayList<>();
            for (Long evaluatorId : user.affiliations().evaluatorIds()) {
                for (EvaluatorTrust t : EvaluatorTrust.<EvaluatorTrust>list("evaluatorId = ?1 order by tenantId", evaluatorId)) {
                    list.add(new Place(t.tenantId, Tenant.<Tenant>findById(t.tenantId).name, evaluatorId));
                }
            }
            return list;
        });
        List<AddressedFiling> queue = new ArrayList<>();
        for (Place p : places) {
            queue.addAll(scope.call(p.tenantId(), () -> {
                EvaluatorOrg org = EvaluatorOrg.findById(p.orgId());
                return filings.namingEvaluator(org.slug, org.name).stream().map(f -> new AddressedFiling(p.tenantId(),
                        p.tenantName(), org.name, f.id(), f.builderName(), f.model(), f.periodLabel(), f.seq(), f.status(),
                        f.contentSha256(), verification.attestations(f).stream()
                                .anyMatch(a -> a.valid() && a.evaluatorSlug().equals(org.slug)))).toList();
            }));
        }
        return queue;
    }

    /** The caller's builder organisations' filings in every CMO that licenses them, with their checks. */
    public List<BuilderCheck> builderChecks() {
        List<Place> places = QuarkusTransaction.joiningExisting().call(() -> {
            List<Place> list = new ArrayList<>();
            for (Long builderId : user.affiliations().builderIds()) {
                if (BuilderOrg.findById(builderId) == null) {
                    continue;
                }
                for (Licence l : Licence.<Licence>list("builderId = ?1 order by tenantId", builderId)) {
                    list.add(new Place(l.tenantId, Tenant.<Tenant>findById(l.tenantId).name, builderId));
                }
            }
            return list;
        });
        List<BuilderCheck> checks = new ArrayList<>();
        for (Place p : places) {
            checks.addAll(scope.call(p.tenantId(), () -> filings.ofBuilder(p.orgId()).stream().map(f -> {
                FilingVerification v = verification.verification(f.id());
                return new BuilderCheck(p.tenantId(), p.tenantName(), f.id(), f.model(), f.periodLabel(), f.seq(), f.status(),
                        v.attested() ? v.attestedBy() : null, v.inconsistency(), v.commitment().message());
            }).toList()));
        }
        return checks;
    }
}
