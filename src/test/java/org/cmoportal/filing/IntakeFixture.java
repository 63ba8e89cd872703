package org.cmoportal.filing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.cmoportal.organisation.BuilderOrg;
import org.cmoportal.organisation.BuilderOrgService;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.member.Member;
import org.cmoportal.member.MemberService;
import org.cmoportal.member.NewMember;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.tenant.TenantSetup;
import org.cmoportal.testsupport.OwnerSql;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The CMOs, builders and members the intake tests need, made through the app's own services, and how many rows a
 * period holds (read as the schema owner, without row-level security in the way).
 *
 * <p>newsguild (news, USD, fee 0.10) licenses acme-ai (administered by bruno) and rival-ai (administered by rita),
 * codebooks (code, books) licenses acme-ai; lonelyguild licenses nobody. Each test opens periods of its own, so
 * tests never see each other's filings.
 */
final class IntakeFixture {

    private static final AtomicInteger PERIODS = new AtomicInteger();
    private static volatile boolean ready;

    private IntakeFixture() {
    }

    static synchronized void ensure() {
        if (ready) {
            return;
        }
        // The shared demo fixture may have created some of this already: each piece is added only if missing.
        inRequest(() -> {
            TenantService tenants = Arc.container().instance(TenantService.class).get();
            TenantScope scope = Arc.container().instance(TenantScope.class).get();
            LicenceService licences = Arc.container().instance(LicenceService.class).get();
            MemberService members = Arc.container().instance(MemberService.class).get();
            createIfMissing(tenants, new TenantSetup("newsguild", "Press & News Guild", "USD", "0.10", new TenantSetup.ShareBand("0.20", "0.50"),
                    List.of(new TenantSetup.CategorySetup("news", "News", "PRO_RATA_UNITS"))));
            createIfMissing(tenants, new TenantSetup("codebooks", "Code & Books Collective", "USD", "0.10", new TenantSetup.ShareBand("0.20", "0.50"),
                    List.of(new TenantSetup.CategorySetup("code", "Code", "PRO_RATA_UNITS"),
                            new TenantSetup.CategorySetup("books", "Books", "EQUAL_SHARES"))));
            createIfMissing(tenants, new TenantSetup("lonelyguild", "Lonely Guild", "USD", "0.10", null,
                    List.of(new TenantSetup.CategorySetup("news", "News", null))));
            BuilderOrgService organisations = Arc.container().instance(BuilderOrgService.class).get();
            createIfMissing(organisations, "acme-ai", "Acme AI", "bruno");
            createIfMissing(organisations, "rival-ai", "Rival AI", "rita");
            scope.run("newsguild", () -> {
                licences.grant("acme-ai");
                licences.grant("rival-ai");
                for (NewMember m : List.of(new NewMember("alice", "Alice Martin", null), new NewMember("bob", "Bob Okafor", null))) {
                    if (Member.findByRef(m.ref()) == null) {
                        members.add(m);
                    }
                }
            });
            scope.run("codebooks", () -> licences.grant("acme-ai"));
        });
        ready = true;
    }

    private static void createIfMissing(TenantService tenants, TenantSetup setup) {
        if (QuarkusTransaction.requiringNew().call(() -> Tenant.findById(setup.slug()) == null)) {
            tenants.create(setup);
        }
    }

    /** The operator's step, for an organisation the shared fixtures may have made already. */
    private static void createIfMissing(BuilderOrgService organisations, String slug, String name, String admin) {
        if (QuarkusTransaction.requiringNew().call(() -> BuilderOrg.findBySlug(slug) == null)) {
            organisations.create(slug, name, admin);
        }
    }

    /** Opens a fresh period in the tenant and returns its label. */
    static String openPeriod(String tenant) {
        ensure();
        String label = "t" + System.nanoTime() % 100000 + "-" + PERIODS.incrementAndGet();
        inRequest(() -> Arc.container().instance(TenantScope.class).get().run(tenant,
                () -> Arc.container().instance(PeriodService.class).get().open(label)));
        return label;
    }

    private static void inRequest(Runnable work) {
        ManagedContext request = Arc.container().requestContext();
        boolean activated = !request.isActive();
        if (activated) {
            request.activate();
        }
        try {
            work.run();
        } finally {
            if (activated) {
                request.terminate();
            }
        }
    }

    /** Rows stored for a period of a tenant: filings, their categories and their usage. */
    static long storedRows(String tenant, String period) {
        return OwnerSql.number("""
                SELECT (SELECT count(*) FROM filing f JOIN period p ON p.id = f.period_id WHERE p.tenant_id = ? AND p.label = ?)
                     + (SELECT count(*) FROM filing_category c JOIN filing f ON f.id = c.filing_id JOIN period p ON p.id = f.period_id WHERE p.tenant_id = ? AND p.label = ?)
                     + (SELECT count(*) FROM filing_usage_pair u JOIN filing f ON f.id = u.filing_id JOIN period p ON p.id = f.period_id WHERE p.tenant_id = ? AND p.label = ?)""",
                tenant, period, tenant, period, tenant, period);
    }
}
