package org.cmoportal.statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;

/**
 * A published filing as the statement lines need it, kept in memory: the builder and model the distribution published
 * (and the run that published it), and its money per category (amount, fee, net).
 *
 * <p>Every statement of a period draws its lines from the same few filings: the 50 lines of one statement named
 * about 50 (filing, category) rows of {@code filing_category}, looked up one by one for each page shown, and were
 * most of the database's time for the statement page (docs/performance.md). Those rows are written with their filing
 * and never changed (the application may only insert them: {@code AppRolePrivilegesTest}), nor is a filing's
 * publication ({@code published_filing}, V9's triggers), so they are read once per published filing and kept; a
 * filing not yet published is not kept. Reads go through the caller's transaction, in the entered tenant, so
 * row-level security applies as everywhere; the key names the tenant as well. At most {@link #MAX_FILINGS} filings are kept: past that the
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

    /** A published filing: the run that published it, its builder and model as published, its categories' figures. */
    public record Published(long runId, String builder, String model, Map<String, Figures> categories) {
    }

    private final ConcurrentHashMap<Key, Published> byFiling = new ConcurrentHashMap<>();

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    /** These filings, those of them published, in the entered tenant, by filing id. */
    public Map<Long, Published> of(Collection<Long> filingIds) {
        String tenantId = tenant.tenantId();
        Map<Long, Published> found = new HashMap<>();
        Set<Long> missing = new LinkedHashSet<>();
        for (Long id : filingIds) {
            Published known = byFiling.get(new Key(tenantId, id));
            if (known != null) {
                found.put(id, known);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            record Row(long filing, long run, String builder, String model, String category, Figures figures) {
            }
            Map<Long, List<Row>> read = new HashMap<>();
            sql.sql("""
                    SELECT pf.filing_id, pf.run_id, pf.builder_name, pf.model, fc.category_key, fc.amount, coalesce(fc.fee, 0),
                           coalesce(fc.net, 0)
                      FROM published_filing pf
                      JOIN filing_category fc ON fc.tenant_id = pf.tenant_id AND fc.filing_id = pf.filing_id
                     WHERE pf.tenant_id = :tenant AND pf.filing_id = ANY (?)""").args((Object) missing.toArray(Long[]::new))
                    .stream(rs -> read.computeIfAbsent(rs.getLong(1), f -> new ArrayList<>()).add(new Row(rs.getLong(1),
                            rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            new Figures(rs.getLong(6), rs.getLong(7), rs.getLong(8)))));
            if (byFiling.size() + read.size() > MAX_FILINGS) {
                byFiling.clear();
            }
            read.forEach((id, rows) -> {
                Map<String, Figures> categories = new HashMap<>();
                rows.forEach(r -> categories.put(r.category(), r.figures()));
                Row first = rows.get(0);
                Published kept = new Published(first.run(), first.builder(), first.model(), Map.copyOf(categories));
                byFiling.put(new Key(tenantId, id), kept);
                found.put(id, kept);
            });
        }
        return found;
    }
}
