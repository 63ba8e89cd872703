package org.cmoportal.verification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.organisation.LicenceService;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Category;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.tenant.TenantSetup;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Unique;

/**
 * CMOs for the verification tests, made through the services, and acme-ai's filings in them, filed through the
 * API as its builder would: intake stores them (the earlier submission superseded) and calls verification's hook.
 */
@ApplicationScoped
public class FilingFixture {

    public static final String PERIOD = "2026-Q3";

    /** The demo administrator of every fixture CMO: colin, whose home no other test pins to a CMO. */
    public static final String ADMIN = "colin";

    @Inject
    TenantScope scope;

    @Inject
    TenantService tenants;

    @Inject
    LicenceService licences;

    @Inject
    PeriodService periods;

    @Inject
    TrustSettings trust;

    /** What a builder's filing.json says, as strings. */
    public record Json(String model, String revenue, String servingCost, String postTrainingCost, String share,
            Map<String, String> mixture, String evaluator) {

        public static Json of(String model) {
            return new Json(model, "1250000.00", "400000.00", "100000.00", "0.30", worked(), "Example Evals");
        }

        public Json revenue(String value) {
            return new Json(model, value, servingCost, postTrainingCost, share, mixture, evaluator);
        }

        public Json share(String value) {
            return new Json(model, revenue, servingCost, postTrainingCost, value, mixture, evaluator);
        }

        public Json mixture(Map<String, String> value) {
            return new Json(model, revenue, servingCost, postTrainingCost, share, value, evaluator);
        }

        public Json evaluator(String value) {
            return new Json(model, revenue, servingCost, postTrainingCost, share, mixture, value);
        }
    }

    /** The worked example's mixture (economics.md). */
    public static Map<String, String> worked() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("news", "0.25");
        m.put("code", "0.40");
        m.put("books", "0.15");
        m.put("other", "0.20");
        return m;
    }

    /** A fresh CMO administering news, code and books, licensing acme-ai, with colin as admin and 2026-Q3 open. */
    public String newTenant(boolean trustsExampleEvals) {
        return newTenant(trustsExampleEvals, ADMIN);
    }

    /** The same, administered by {@code admin} (someone other than colin keeps it out of colin's tenant switcher). */
    public String newTenant(boolean trustsExampleEvals, String admin) {
        String slug = Unique.name("v");
        tenants.create(new TenantSetup(slug, "Verify CMO " + slug, "USD", "0.10", new TenantSetup.ShareBand("0.20", "0.50"),
                List.of(new TenantSetup.CategorySetup("news", "News", null), new TenantSetup.CategorySetup("code", "Code", null),
                        new TenantSetup.CategorySetup("books", "Books", null))));
        scope.run(slug, () -> {
            tenants.nameAdmin(slug, admin);
            licences.grant("acme-ai");
            periods.open(PERIOD);
            if (trustsExampleEvals) {
                trust.trust("example-evals");
            }
        });
        return slug;
    }

    /**
     * Files for acme-ai in {@code tenant} through the API, as bruno: intake stores it and calls verification's hook
     * itself. The usage names one unmatched ref in each of the tenant's categories.
     */
    public long file(String tenant, Json json) {
        List<Filings.Line> usage = scope.call(tenant, () -> Category.<Category>listAll().stream().map(c -> c.key).sorted()
                .map(key -> new Filings.Line(key, "zed-" + key, 3)).toList());
        Filings.Attestation attestation = json.evaluator() == null ? null
                : new Filings.Attestation(json.evaluator(), "report-2026-117", FilingDigests.sha256("evidence"));
        String currency = scope.call(tenant, () -> Tenant.<Tenant>findById(tenant).currency);
        return Filings.submit("bruno", tenant, PERIOD, "acme-ai", new Filings.Filing(json.model(), currency, json.revenue(),
                json.servingCost(), json.postTrainingCost(), json.share(), json.mixture(), attestation, usage));
    }
}
