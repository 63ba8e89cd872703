package org.cmoportal.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.evaluator.EvaluatorTrust;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.organisation.BuilderOrg;
import org.cmoportal.organisation.Licence;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.Paging;

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

    /** A page of one of an evaluator's two lists. */
    public record AddressedPage(List<AddressedFiling> filings, Paging paging) {
    }

    /** An evaluator's two lists, a page of each: the filings waiting for its attestation, and those it attested. */
    public record EvaluatorLists(AddressedPage waiting, AddressedPage attested) {
    }

    /** Each evaluator organisation of the caller with each tenant that trusts it, in the order the lists show them. */
    private List<Place> evaluatorPlaces() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Place> list = new ArrayList<>();
            for (Long evaluatorId : user.affiliations().evaluatorIds()) {
                for (EvaluatorTrust t : EvaluatorTrust.<EvaluatorTrust>list("evaluatorId = ?1 order by tenantId", evaluatorId)) {
                    list.add(new Place(t.tenantId, Tenant.<Tenant>findById(t.tenantId).name, evaluatorId));
                }
            }
            return list;
        });
    }

    /**
     * The filings naming the caller's evaluator organisations in every tenant that trusts them, waiting and attested
     * each a page of {@code size} at a time, those whose CMO, builder, model or period holds {@code query} (all for
     * none). Each list runs organisation by organisation and tenant by tenant (tenants by id), each tenant's filings
     * newest submitted first. Each tenant is counted in the database first (a COUNT inside itself); then the counts
     * tell which tenants the page falls in, and only those are read, each from its offset for at most the rows the page
     * still needs: a page reads one page of rows, however many filings there are.
     */
    public EvaluatorLists evaluatorLists(String query, int waitingPage, int attestedPage, int size) {
        List<Searched> searched = searched(query);
        return new EvaluatorLists(page(searched, false, waitingPage, size), page(searched, true, attestedPage, size));
    }

    /**
     * The waiting list of {@link #evaluatorLists} alone, for the API's pending attestations: the same search, order and
     * page, without reading a page of the attested ones no one asked for.
     */
    public AddressedPage evaluatorWaiting(String query, int requested, int size) {
        return page(searched(query), false, requested, size);
    }

    /** Each tenant of the caller's evaluator organisations with the search there and its counts, waiting and attested. */
    private List<Searched> searched(String query) {
        List<Place> places = evaluatorPlaces();
        String q = Paging.contains(query);
        List<Searched> searched = new ArrayList<>(places.size());
        for (Place p : places) {
            // the tenant's name is one text for all of its filings: when it holds the search, every filing there matches
            String like = q == null || p.tenantName().toLowerCase(Locale.ROOT).contains(q) ? null : Paging.like(query);
            searched.add(scope.call(p.tenantId(), () -> {
                EvaluatorOrg org = EvaluatorOrg.findById(p.orgId());
                return new Searched(p, org.slug, org.name, like, filings.addressedCounts(org.id, org.slug, org.name, like));
            }));
        }
        return searched;
    }

    /** A tenant of the lists with the evaluator organisation named there, the search there and its counts. */
    private record Searched(Place place, String slug, String name, String like, long[] counts) {

        long count(boolean attested) {
            return counts[attested ? 1 : 0];
        }
    }

    /** The page {@code requested} of one list: the tenants' filings one after the other, read where the page falls. */
    private AddressedPage page(List<Searched> searched, boolean attested, int requested, int size) {
        Paging paging = Paging.of(requested, size, searched.stream().mapToLong(s -> s.count(attested)).sum());
        List<AddressedFiling> rows = new ArrayList<>(size);
        long start = 0;
        long from = paging.offset();
        long to = from + size;
        for (Searched s : searched) {
            long end = start + s.count(attested);
            if (end > from && start < to) {
                long offset = Math.max(from, start) - start;
                long limit = Math.min(to, end) - start - offset;
                Place p = s.place();
                rows.addAll(scope.call(p.tenantId(), () -> filings.addressed(p.orgId(), s.slug(), s.name(), s.like(), attested,
                        limit, offset).stream().map(f -> new AddressedFiling(p.tenantId(), p.tenantName(), s.name(), f.id(),
                                f.builderName(), f.model(), f.periodLabel(), f.seq(), f.status(), f.contentSha256(), f.attested()))
                        .toList()));
            }
            start = end;
        }
        return new AddressedPage(rows, paging);
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
