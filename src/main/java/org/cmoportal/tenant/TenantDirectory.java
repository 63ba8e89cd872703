package org.cmoportal.tenant;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;


/** Reads tenants with their categories and administrators, for the operator and the API. */
@ApplicationScoped
public class TenantDirectory {

    @Inject
    TenantScope scope;

    @Inject
    EntityManager em;

    @Inject
    TenantSql sql;

    /** The CMOs a person holds a member ref in, whose slug or name holds the search (none: every one of them). */
    private static final String MEMBER_OF = """
            FROM tenant t
            WHERE t.id IN (SELECT a.tenant_id FROM affiliation a WHERE a.user_id = :user AND a.kind = 'MEMBER')
              AND (CAST(:like AS text) IS NULL OR lower(t.id) LIKE :like OR lower(t.name) LIKE :like)
            """;

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

    /**
     * The slugs of the page {@code requested} ({@code size} to a page) of the CMOs where person {@code userId} holds a
     * member ref and whose slug or name holds the search (any case), by slug: counted and read a page at a time in the
     * database, so that a member of hundreds of CMOs has only a page of them read inside. By slug in code point order,
     * the order a member's CMOs always had on their home (their affiliations, sorted).
     */
    @Transactional
    public Paging.Page<String> memberOf(long userId, String query, int requested, int size) {
        String like = Paging.like(query);
        // identity data, read before any tenant is entered
        long count = sql.platform("SELECT count(*) " + MEMBER_OF).bind("user", userId).bind("like", like)
                .single(rs -> rs.getLong(1));
        Paging paging = Paging.of(requested, size, count);
        List<String> slugs = sql.platform("SELECT t.id " + MEMBER_OF + " ORDER BY t.id COLLATE \"C\" LIMIT :limit OFFSET :offset")
                .bind("user", userId).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> rs.getString(1));
        return new Paging.Page<>(slugs, paging);
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
