package org.cmoportal.demo;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.member.MemberService;
import org.cmoportal.member.NewMember;
import org.cmoportal.organisation.BuilderOrgService;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.tenant.TenantSetup;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The demo CMOs, builder organisation (administered by bruno), members and evaluator of the README,
 * loaded once into an empty database when {@code cmo.demo-data=true} (the dev profile only). It goes
 * through the same services as the pages, so the demo's audit log is real too. With {@code cmo.demo-history=true}
 * (the dev profile) its history follows ({@link DemoHistory}).
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @ConfigProperty(name = "cmo.demo-data", defaultValue = "false")
    boolean enabled;

    /**
     * With the demo data, a year of its use ({@link DemoHistory}): the dev profile sets it; the tests' world is the
     * bare demo, on which they build their own stories, and {@code DemoHistoryTest} loads the history into a database
     * of its own.
     */
    @ConfigProperty(name = "cmo.demo-history", defaultValue = "false")
    boolean history;

    @Inject
    DemoHistory story;

    @Inject
    TenantService tenants;

    @Inject
    MemberService members;

    @Inject
    LicenceService licences;

    @Inject
    BuilderOrgService organisations;

    @Inject
    PeriodService periods;

    @Inject
    TenantScope scope;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            loadIfEmpty();
        }
    }

    /** Loads the demo data unless a tenant exists already; the dev profile does at start, tests call it. */
    public synchronized void loadIfEmpty() {
        if (QuarkusTransaction.requiringNew().call(() -> Tenant.count() > 0)) {
            return;
        }
        ManagedContext request = Arc.container().requestContext();
        boolean activated = !request.isActive();
        if (activated) {
            request.activate();
        }
        try {
            long start = System.nanoTime();
            load();
            if (history) {
                story.load();
            }
            LOG.infof("Demo data loaded in %d ms%s", (System.nanoTime() - start) / 1_000_000, history ? ", with its history" : "");
        } finally {
            if (activated) {
                request.terminate();
            }
        }
    }

    private void load() {
        LOG.info("Loading the demo data");
        // the operator's step: the organisation and its administrator, before any CMO can license it
        organisations.create("acme-ai", "Acme AI", "bruno");
        cmo("newsguild", "Press & News Guild", List.of(new TenantSetup.CategorySetup("news", "News", "PRO_RATA_UNITS")),
                List.of("nadia", "noah"), List.of(
                        new NewMember("alice", "Alice Martin", "alice"),
                        new NewMember("bob", "Bob Okafor", "bob"),
                        new NewMember("carol", "Carol Nguyen", "carol")));
        cmo("codebooks", "Code & Books Collective", List.of(
                        new TenantSetup.CategorySetup("code", "Code", "PRO_RATA_UNITS"),
                        new TenantSetup.CategorySetup("books", "Books", "EQUAL_SHARES")),
                List.of("cora", "colin"), List.of(
                        new NewMember("carol", "Carol Nguyen", "carol"),
                        new NewMember("dave", "Dave Schmidt", "dave"),
                        new NewMember("erin", "Erin Walsh", "erin")));
        QuarkusTransaction.requiringNew().run(() -> {
            EvaluatorOrg evals = new EvaluatorOrg();
            evals.slug = "example-evals";
            evals.name = "Example Evals";
            evals.persist();
            Affiliation a = Affiliation.of(AppUser.findOrCreate("eva").id, Affiliation.Kind.EVALUATOR_USER);
            a.evaluatorId = evals.id;
            a.persist();
            AppUser.findOrCreate("olivia");
        });
    }

    private void cmo(String slug, String name, List<TenantSetup.CategorySetup> categories, List<String> admins,
            List<NewMember> people) {
        tenants.create(new TenantSetup(slug, name, "USD", "0.10", new TenantSetup.ShareBand("0.20", "0.50"), categories));
        scope.run(slug, () -> {
            admins.forEach(a -> tenants.nameAdmin(slug, a));
            people.forEach(members::add);
            licences.grant("acme-ai");
            if (!history) {
                // the history opens it after the quarters before it, as time would
                periods.open(DemoHistory.OPEN);
            }
        });
    }
}
