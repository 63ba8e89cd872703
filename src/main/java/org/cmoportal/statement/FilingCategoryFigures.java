package org.cmoportal.statement;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;

/**
 * A filing's money per category (amount, fee, net) as the statement lines need it, kept in memory.
 *
 * <p>Every statement of a period draws its lines from the same few filings: the 50 lines of one statement named
 * about 50 (filing, category) rows of {@code filing_category}, looked up one by one for each page shown, and were
 * most of the database's time for the statement page (docs/performance.md). Those rows are written with their filing
 * and never changed (the application may only insert them: {@code AppRolePrivilegesTest}), so they are read once per
 * filing and kept. Reads go through the caller's transaction, in the entered tenant, so row-level security applies
 * as everywhere; the key names the tenant as well. At most {@link #MAX_FILINGS} filings are kept: past that the
 * memory is emptied and filled again as pages ask.
 */
@ApplicationScoped
public class FilingCategoryFigures {

    /** A category's stored amount, fee and net of one filing. */
    public record Figures(long amount, long fee, long net) {
    }

    static final int MAX_FILINGS = 20_000;

    private record Key(String tenant, long filing) {
    }

    private final ConcurrentHashMap<Key, Map<String, Figures>> byFiling = new ConcurrentHashMap<>();

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    /** The figures of these filings' categories in the entered tenant, by filing id and category key. */
    public Map<Long, Map<String, Figures>> of(Collection<Long> filingIds) {
        String tenantId = tenant.tenantId();
        Map<Long, Map<String, Figures>> found = new HashMap<>();
        Set<Long> missing = new LinkedHashSet<>();
        for (Long id : filingIds) {
            Map<String, Figures> known = byFiling.get(new Key(tenantId, id));
            if (known != null) {
                found.put(id, known);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<Long, Map<String, Figures>> read = new HashMap<>();
            sql.sql("""
                    SELECT filing_id, category_key, amount, coalesce(fee, 0), coalesce(net, 0) FROM filing_category
                     WHERE tenant_id = :tenant AND filing_id = ANY (?)""").args((Object) missing.toArray(Long[]::new))
                    .stream(rs -> read.computeIfAbsent(rs.getLong(1), f -> new HashMap<>())
                            .put(rs.getString(2), new Figures(rs.getLong(3), rs.getLong(4), rs.getLong(5))));
            if (byFiling.size() + read.size() > MAX_FILINGS) {
                byFiling.clear();
            }
            read.forEach((id, figures) -> {
                Map<String, Figures> kept = Map.copyOf(figures);
                byFiling.put(new Key(tenantId, id), kept);
                found.put(id, kept);
            });
        }
        return found;
    }
}
