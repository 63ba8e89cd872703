package org.cmoportal.verification;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.organisation.BuilderOrg;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.member.Member;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Category;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.tenant.TenantSetup;
import org.cmoportal.testsupport.Unique;

/**
 * Stores filings exactly as intake will (V1 filing, filing_category, filing_usage; figures from the engine;
 * the earlier submission superseded) and then calls verification's hook, as intake must.
 */
@ApplicationScoped
public class FilingFixture {

    public static final String PERIOD = "2026-Q3";

    /** The demo administrator of every fixture CMO: colin, whose home no other test pins to a CMO. */
    public static final String ADMIN = "colin";

    @Inject
    TenantScope scope;

    @Inject
    EntityManager em;

    @Inject
    VerificationService verification;

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

    /** Files for acme-ai in {@code tenant} and returns the new filing's id. */
    public long file(String tenant, Json json) {
        return scope.call(tenant, () -> {
            Tenant t = Tenant.findById(tenant);
            CurrencyUnit currency = CurrencyUnit.of(t.currency);
            Period period = Period.findByLabel(PERIOD);
            long builderId = BuilderOrg.findBySlug("acme-ai").id;
            Map<String, DistributionRule> rules = new TreeMap<>();
            for (Category c : Category.<Category>listAll()) {
                rules.put(c.key, DistributionRule.valueOf(c.rule.name()));
            }
            TenantTerms terms = new TenantTerms(Rate.parse(t.adminFeeRate.toPlainString()),
                    new ShareBand(Rate.parse(t.shareMin.toPlainString()), Rate.parse(t.shareMax.toPlainString())), rules);
            Usage.Builder usage = Usage.builder();
            for (String category : rules.keySet()) {
                usage.add(category, "zed-" + category, 3);
            }
            Set<String> refs = new HashSet<>();
            Member.<Member>listAll().forEach(m -> refs.add(m.ref));
            FilingFigures figures = new FilingFigures(Amounts.parse(json.revenue(), currency), Amounts.parse(json.servingCost(), currency),
                    Amounts.parse(json.postTrainingCost(), currency), Rate.parse(json.share()), MixtureWeights.parse(json.mixture()));
            FilingCalculation calc = FilingCalculator.calculate(figures, terms, usage.build(), refs);
            String usageCsv = "category,member_ref,units\n" + String.join("", rules.keySet().stream().map(k -> k + ",zed-" + k + ",3\n").toList());
            String content = FilingDigests.sha256(canonical(json) + "\n" + FilingDigests.sha256(usageCsv));
            int seq = ((Number) em.createNativeQuery("SELECT coalesce(max(seq), 0) + 1 FROM filing WHERE tenant_id = ?1 AND period_id = ?2"
                    + " AND builder_id = ?3 AND model = ?4").setParameter(1, tenant).setParameter(2, period.id)
                    .setParameter(3, builderId).setParameter(4, json.model()).getSingleResult()).intValue();
            em.createNativeQuery("UPDATE filing SET status = 'SUPERSEDED' WHERE tenant_id = ?1 AND period_id = ?2 AND builder_id = ?3"
                    + " AND model = ?4 AND status = 'SUBMITTED'").setParameter(1, tenant).setParameter(2, period.id)
                    .setParameter(3, builderId).setParameter(4, json.model()).executeUpdate();
            long id = ((Number) em.createNativeQuery("""
                    INSERT INTO filing (tenant_id, period_id, builder_id, model, seq, status, currency, revenue, serving_cost,
                        post_training_cost, data_value_share, operating_profit, pool, tenant_gross, share_flagged,
                        attestation_evaluator, attestation_reference, attestation_sha256, content_sha256, submitted_by)
                    VALUES (?1, ?2, ?3, ?4, ?5, 'SUBMITTED', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 'bruno')
                    RETURNING id""")
                    .setParameter(1, tenant).setParameter(2, period.id).setParameter(3, builderId).setParameter(4, json.model())
                    .setParameter(5, seq).setParameter(6, t.currency).setParameter(7, figures.revenue())
                    .setParameter(8, figures.servingCost()).setParameter(9, figures.postTrainingCost())
                    .setParameter(10, figures.dataValueShare().toBigDecimal()).setParameter(11, calc.operatingProfit())
                    .setParameter(12, calc.pool()).setParameter(13, calc.tenantGross()).setParameter(14, !calc.shareWithinBand())
                    .setParameter(15, json.evaluator()).setParameter(16, json.evaluator() == null ? null : "report-2026-117")
                    .setParameter(17, json.evaluator() == null ? null : FilingDigests.sha256("evidence"))
                    .setParameter(18, content).getSingleResult()).longValue();
            calc.categoryAmounts().forEach(c -> {
                var d = calc.distribution(c.category());
                em.createNativeQuery("""
                        INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered, fee, net, units)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                        .setParameter(1, id).setParameter(2, tenant).setParameter(3, c.category())
                        .setParameter(4, c.weight().toBigDecimal()).setParameter(5, c.amount()).setParameter(6, c.administered())
                        .setParameter(7, d.map(x -> x.fee()).orElse(null)).setParameter(8, d.map(x -> x.net()).orElse(null))
                        .setParameter(9, d.map(x -> x.categoryUnits()).orElse(null)).executeUpdate();
            });
            for (String category : rules.keySet()) {
                em.createNativeQuery("INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_ref, units) VALUES (?1, ?2, ?3, ?4, 3)")
                        .setParameter(1, id).setParameter(2, tenant).setParameter(3, category).setParameter(4, "zed-" + category)
                        .executeUpdate();
            }
            verification.onFilingStored(id);
            return id;
        });
    }

    private static String canonical(Json json) {
        return String.join("|", json.model(), json.revenue(), json.servingCost(), json.postTrainingCost(), json.share(),
                new TreeMap<>(json.mixture()).toString(), String.valueOf(json.evaluator()));
    }
}
