package org.cmoportal.tenant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.money.Rate;
import org.cmoportal.tenancy.TenantSql;

/** Creates tenants and names their administrators: the operator's work. */
@ApplicationScoped
public class TenantService {

    private static final String SLUG = "[a-z0-9][a-z0-9-]{1,39}";
    private static final String CATEGORY_KEY = "[a-z0-9][a-z0-9_.-]{0,39}";

    @Inject
    AuditLog audit;

    @Inject
    TenantSql sql;

    /** Creates the tenant and its categories in one transaction; every problem is reported at once. */
    @Transactional
    public Tenant create(TenantSetup setup) {
        List<Problem> problems = validate(setup);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (Tenant.findById(setup.slug()) != null) {
            throw DomainException.conflict("tenant-exists", "A tenant with the slug '" + setup.slug()
                    + "' already exists; choose another slug.");
        }
        Tenant t = new Tenant();
        t.id = setup.slug();
        t.name = setup.name().strip();
        t.currency = setup.currency();
        t.adminFeeRate = Rate.parse(setup.adminFeeRate()).toBigDecimal();
        t.shareMin = Rate.parse(band(setup).min()).toBigDecimal();
        t.shareMax = Rate.parse(band(setup).max()).toBigDecimal();
        t.persistAndFlush();
        audit.record("tenant.create", "tenant", t.id, null, Map.of("name", t.name, "currency", t.currency,
                "adminFeeRate", t.adminFeeRate.toPlainString(), "shareMin", t.shareMin.toPlainString(),
                "shareMax", t.shareMax.toPlainString(),
                "categories", setup.categories().stream().map(TenantSetup.CategorySetup::key).toList()));
        // Categories are tenant-owned: row-level security admits them only inside the new tenant, which this
        // transaction enters for the inserts alone. The session's Hibernate tenant is "none", hence plain SQL.
        sql.within(t.id, () -> {
            for (TenantSetup.CategorySetup c : setup.categories()) {
                sql.sql("INSERT INTO category (tenant_id, key, name, rule) VALUES (:tenant, :key, :name, :rule)")
                        .bind("key", c.key()).bind("name", blankToDefault(c.name(), c.key())).bind("rule", rule(c.rule()).name())
                        .update();
            }
        });
        return t;
    }

    /** Makes a user an administrator of the current tenant (the caller has entered it). */
    @Transactional
    public void nameAdmin(String tenantId, String username) {
        if (username == null || username.isBlank()) {
            throw DomainException.invalid("username", "Give the username the person signs in with.");
        }
        AppUser user = AppUser.findOrCreate(username.strip());
        boolean already = Affiliation.count("userId = ?1 and kind = ?2 and tenantId = ?3",
                user.id, Affiliation.Kind.TENANT_ADMIN, tenantId) > 0;
        if (already) {
            return;
        }
        Affiliation a = Affiliation.of(user.id, Affiliation.Kind.TENANT_ADMIN);
        a.tenantId = tenantId;
        a.persist();
        audit.record("tenant.admin.add", "user", user.username, null, Map.of("tenant", tenantId));
    }

    private static TenantSetup.ShareBand band(TenantSetup s) {
        return s.shareBand() != null ? s.shareBand() : new TenantSetup.ShareBand("0.20", "0.50");
    }

    static List<Problem> validate(TenantSetup s) {
        List<Problem> p = new ArrayList<>();
        if (s.slug() == null || !s.slug().matches(SLUG)) {
            p.add(new Problem("slug", "Use 2 to 40 lower-case letters, digits or hyphens, starting with a letter or digit."));
        }
        if (s.name() == null || s.name().isBlank() || s.name().length() > 200) {
            p.add(new Problem("name", "Give the CMO's name (1 to 200 characters)."));
        } else {
            PrintableText.check("name", s.name().strip()).ifPresent(p::add);
        }
        if (s.currency() == null || !isCurrencyWithMinorUnit(s.currency())) {
            p.add(new Problem("currency", "Use an ISO 4217 code with a defined minor unit, for example USD, EUR or JPY."));
        }
        checkRate(p, "adminFeeRate", s.adminFeeRate());
        TenantSetup.ShareBand band = band(s);
        boolean minOk = checkRate(p, "shareBand.min", band.min());
        boolean maxOk = checkRate(p, "shareBand.max", band.max());
        if (minOk && maxOk && Rate.parse(band.min()).compareTo(Rate.parse(band.max())) > 0) {
            p.add(new Problem("shareBand", "The minimum " + band.min() + " is above the maximum " + band.max() + "."));
        }
        if (s.categories() == null || s.categories().isEmpty()) {
            p.add(new Problem("categories", "A tenant administers at least one category, for example news."));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < s.categories().size(); i++) {
                TenantSetup.CategorySetup c = s.categories().get(i);
                String where = "categories[" + i + "]";
                if (c.key() == null || !c.key().matches(CATEGORY_KEY)) {
                    p.add(new Problem(where + ".key", "Use 1 to 40 lower-case letters, digits, '_', '.' or '-'."));
                } else if (!seen.add(c.key())) {
                    p.add(new Problem(where + ".key", "The category '" + c.key() + "' is listed twice."));
                }
                if (c.name() != null) {
                    PrintableText.check(where + ".name", c.name().strip()).ifPresent(p::add);
                }
                if (c.rule() != null && !c.rule().isBlank() && !isRule(c.rule())) {
                    p.add(new Problem(where + ".rule", "Use PRO_RATA_UNITS or EQUAL_SHARES."));
                }
            }
        }
        return p;
    }

    private static boolean checkRate(List<Problem> p, String where, String value) {
        try {
            Rate.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            p.add(new Problem(where, e.getMessage()));
            return false;
        }
    }

    private static boolean isCurrencyWithMinorUnit(String code) {
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0 && code.equals(code.toUpperCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isRule(String rule) {
        for (Category.Rule r : Category.Rule.values()) {
            if (r.name().equals(rule)) {
                return true;
            }
        }
        return false;
    }

    private static Category.Rule rule(String rule) {
        return rule == null || rule.isBlank() ? Category.Rule.PRO_RATA_UNITS : Category.Rule.valueOf(rule);
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The categories of the current tenant, by key. */
    @Transactional
    public List<Category> categories() {
        return Category.list("order by key");
    }
}
