package org.cmoportal.tenant;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.web.Paging;


/** Reads tenants with their categories and administrators, for the operator and the API. */
@ApplicationScoped
public class TenantDirectory {

    @Inject
    TenantScope scope;

    @Inject
    EntityManager em;

    /** A page of tenants as the operator's home lists them, and where it stands. */
    public record Found(List<TenantView> tenants, Paging paging) {
    }

    /**
     * The page {@code requested} of the tenants whose slug or name holds the search (any case), by name; counted and
     * read a page at a time in the database, and only the page's tenants are read inside, each in a transaction of its own.
     */
    public Found find(String query, int requested) {
        return find(query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} tenants, for the API. */
    public Found find(String query, int requested, int size) {
        Paging.Page<Tenant> page = tenantsOn(query, requested, size);
        return new Found(page.rows().stream().map(t -> scope.call(t.id, () -> view(t))).toList(), page.paging());
    }

    /**
     * The tenants on the page whose slug or name holds the search, by name (then slug, so a page boundary between equal
     * names is the same each time).
     */
    @Transactional
    Paging.Page<Tenant> tenantsOn(String query, int requested, int size) {
        return Paging.search((hql, parameters) -> Tenant.<Tenant>find(hql, parameters), query, requested, size,
                "name, id", "id", "name");
    }

    /** One tenant, read inside it in a transaction of its own. */
    public TenantView of(String tenantId) {
        return scope.call(tenantId, () -> view(Tenant.findById(tenantId)));
    }

    /** The tenant itself (name, currency, terms), or null when no tenant has this id. */
    @Transactional
    public Tenant get(String tenantId) {
        return Tenant.findById(tenantId);
    }

    /** One tenant, read inside it; the caller has entered it. */
    @Transactional
    public TenantView current(String tenantId) {
        return view(Tenant.findById(tenantId));
    }

    private static TenantView view(Tenant t) {
        List<TenantView.CategoryView> categories = Category.<Category>list("order by key").stream()
                .map(c -> new TenantView.CategoryView(c.key, c.name, c.rule.name())).toList();
        List<String> admins = Affiliation.<Affiliation>list("kind = ?1 and tenantId = ?2 order by id",
                Affiliation.Kind.TENANT_ADMIN, t.id).stream()
                .map(a -> AppUser.<AppUser>findById(a.userId).username).toList();
        return new TenantView(t.id, t.id, t.name, t.currency, t.adminFeeRate.stripTrailingZeros().toPlainString(),
                new TenantView.ShareBand(t.shareMin.stripTrailingZeros().toPlainString(), t.shareMax.stripTrailingZeros().toPlainString()),
                t.requiresAttestation, categories, admins);
    }
}
