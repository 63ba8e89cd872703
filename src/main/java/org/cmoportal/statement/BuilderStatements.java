package org.cmoportal.statement;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;

/**
 * What a builder's organisation owes a CMO for a distributed period, per model and category, with the same
 * trail as members see. Only the caller's own organisations' accepted filings; any other answers 404.
 */
@ApplicationScoped
public class BuilderStatements {

    /** One accepted filing and the categories of its mixture that this CMO administers. */
    public record Owed(FilingRecord filing, List<FilingRecord.CategoryRecord> categories) {
    }

    /** A period with the amount owed in it. */
    public record PeriodOwed(StatementReader.PeriodInfo period, int filings, long owed, CurrencyUnit currency) {
    }

    /** The builder's statement for one period. */
    public record View(String tenantId, String tenantName, CurrencyUnit currency, StatementReader.PeriodInfo period,
            List<String> builders, List<Owed> filings, long total, java.util.Map<String, String> names) {

        public String base() {
            return Routes.builderStatement(tenantId, period.label());
        }

        public String builderNames() {
            return String.join(", ", builders);
        }

        public String categoryName(String key) {
            return names.getOrDefault(key, key);
        }
    }

    /** One filing's trail in the builder's statement. */
    public record FilingTrail(View view, Owed owed, Trail trail) {
    }

    @Inject
    TenantSql sql;

    @Inject
    StatementReader reader;

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    /** A page of the periods, newest first, searched by label. */
    public record Periods(String query, Paging paging, List<PeriodOwed> rows) {
    }

    private static final String PERIODS = """
            FROM period p WHERE p.tenant_id = :tenant AND (CAST(:like AS text) IS NULL OR lower(p.label) LIKE :like)
            """;

    /** The periods with what the builder's organisation owes in each, a page at a time, searched by period label. */
    @Transactional
    public Periods periods(String query, int page) {
        CurrencyUnit cu = currency();
        String like = Paging.like(query);
        Paging paging = Paging.of(page, Paging.SIZE, sql.sql("SELECT count(*) " + PERIODS).bind("like", like).single(rs -> rs.getLong(1)));
        List<PeriodOwed> rows = sql.sql("""
                SELECT p.id, p.label, p.state, r.id, p.distributed_at, coalesce(f.filings, 0), coalesce(f.owed, 0)
                """ + PERIODS.replace("FROM period p", """
                FROM period p LEFT JOIN distribution_run r
                  ON r.tenant_id = p.tenant_id AND r.period_id = p.id AND r.status = 'DISTRIBUTED'
                LEFT JOIN (SELECT period_id, count(*) AS filings, sum(tenant_gross) AS owed FROM filing
                            WHERE tenant_id = :tenant AND status = 'ACCEPTED' AND builder_id = ANY (:builders)
                            GROUP BY period_id) f ON f.period_id = p.id""")
                + " ORDER BY p.opened_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
                .bind("like", like).bind("builders", builderIds()).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new PeriodOwed(new StatementReader.PeriodInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()),
                        rs.getInt(6), rs.getLong(7), cu));
        return new Periods(Paging.query(query), paging, rows);
    }

    @Transactional
    public View statement(String label) {
        StatementReader.PeriodInfo period = reader.period(label).filter(StatementReader.PeriodInfo::distributed)
                .orElseThrow(() -> DomainException.notFound("Distributed period '" + label + "'"));
        String[] tn = sql.sql("SELECT name, currency FROM tenant WHERE id = :tenant")
                .single(rs -> new String[] {rs.getString(1), rs.getString(2)});
        List<Long> ids = sql.sql("SELECT id FROM filing WHERE tenant_id = :tenant AND period_id = ? AND status = 'ACCEPTED' "
                + "AND builder_id = ANY (?) ORDER BY model COLLATE \"C\", id").args(period.id(), builderIds()).list(rs -> rs.getLong(1));
        List<Owed> filings = new ArrayList<>();
        long total = 0;
        for (long id : ids) {
            FilingRecord f = reader.filing(id).orElseThrow();
            filings.add(new Owed(f, f.categories().stream().filter(FilingRecord.CategoryRecord::administered).toList()));
            total += f.tenantGross();
        }
        List<String> builders = sql.sql("SELECT name FROM builder_org WHERE id = ANY (?) ORDER BY name").args((Object) builderIds())
                .list(rs -> rs.getString(1));
        java.util.Map<String, String> names = new java.util.HashMap<>();
        sql.sql("SELECT key, name FROM category WHERE tenant_id = :tenant").list(rs -> names.put(rs.getString(1), rs.getString(2)));
        return new View(tenant.tenantId(), tn[0], CurrencyUnit.of(tn[1]), period, builders, filings, total, names);
    }

    @Transactional
    public FilingTrail trail(String label, long filingId) {
        View view = statement(label);
        Owed owed = view.filings().stream().filter(o -> o.filing().id() == filingId).findFirst()
                .orElseThrow(() -> DomainException.notFound("Filing " + filingId));
        Trail trail = Trail.builder(owed.filing(), view::categoryName, view.currency());
        return new FilingTrail(view, owed, trail);
    }

    private Long[] builderIds() {
        return user.affiliations().builderIds().toArray(Long[]::new);
    }

    private CurrencyUnit currency() {
        return CurrencyUnit.of(sql.sql("SELECT currency FROM tenant WHERE id = :tenant").single(rs -> rs.getString(1)));
    }
}
