package org.cmoportal.builder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * What a builder owes a CMO per period (the tenant gross of its accepted filings, and the gross differences of its
 * approved restatements of them, as the restatements posted them to the CMO's side: restatement/), what the CMO recorded as received
 * (builder_receipt, {@link BuilderReceipts}), and why filings were rejected.
 */
@ApplicationScoped
public class BuilderDues {

    /**
     * One period's dues, in minor units of the CMO's currency. What is owed is final once the period is distributed;
     * before, accepted filings can still be rejected or the run discarded.
     */
    public record Due(String period, String state, long filings, long amount, long received) {

        public long outstanding() {
            return amount - received;
        }

        public boolean isFinal() {
            return "distributed".equals(state);
        }
    }

    /** One organisation's dues with the CMO, period by period, newest first. */
    public record BuilderAccount(String slug, String name, List<Due> dues) {

        public long owed() {
            return dues.stream().filter(Due::isFinal).mapToLong(Due::amount).sum();
        }

        public long received() {
            return dues.stream().mapToLong(Due::received).sum();
        }

        /** Owed for distributed periods minus everything received (a payment ahead of distribution counts). */
        public long outstanding() {
            return owed() - received();
        }
    }

    /** A receipt as recorded; a negative amount takes back one recorded in error. */
    public record Receipt(long id, String builderSlug, String builderName, String period, long amount, LocalDate receivedOn,
            String reference, String recordedBy) {

        public boolean reversal() {
            return amount < 0;
        }
    }

    /** One organisation's due in one period; none for a licensed organisation with nothing owed or received. */
    private record DueOf(String slug, String name, Due due) {
    }

    /** A rejected filing and the administrator's reason. */
    public record Rejection(String period, String model, int seq, String reason) {
    }

    @Inject
    TenantSql sql;

    /** A page of one builder's dues (its organisations' together), newest period first. */
    public record Dues(List<Due> rows, Paging paging) {
    }

    /** A page of rejected filings, latest period first. */
    public record Rejections(List<Rejection> rows, Paging paging) {
    }

    /**
     * The periods in which the organisations {@code :builders} owe something (an accepted filing, a restatement's gross
     * difference) or paid something: the rows of their dues, one per period.
     */
    private static final String DUE_PERIODS = """
            WITH due AS (SELECT period_id FROM filing
                          WHERE tenant_id = :tenant AND status = 'ACCEPTED' AND builder_id = ANY (:builders)
                         UNION
                         SELECT r.period_id FROM tenant_entry e
                           JOIN restatement r ON r.tenant_id = e.tenant_id AND r.id = e.cause_id
                          WHERE e.tenant_id = :tenant AND e.cause = 'restatement' AND e.account = 'GROSS'
                            AND r.builder_id = ANY (:builders)
                         UNION
                         SELECT period_id FROM builder_receipt WHERE tenant_id = :tenant AND builder_id = ANY (:builders))
            """;

    /**
     * The page {@code requested} ({@code size} periods) of what the organisations given owe and paid in the current
     * tenant, newest period first: the page of periods is chosen in the database first, and
     * only its periods' filings and receipts are summed, so a builder's home reads the latest few however long the
     * history is.
     */
    @Transactional
    public Dues owed(Collection<Long> builderIds, int requested, int size) {
        Long[] builders = builderIds.toArray(Long[]::new);
        Paging paging = Paging.of(requested, size,
                sql.sql(DUE_PERIODS + "SELECT count(*) FROM due").bind("builders", builders).single(r -> r.getLong(1)));
        return new Dues(sql.sql(DUE_PERIODS + """
                   , shown AS (SELECT p.id, p.label, p.state, p.opened_at FROM period p
                                WHERE p.tenant_id = :tenant AND p.id IN (SELECT period_id FROM due)
                                ORDER BY p.opened_at DESC, p.id DESC LIMIT :limit OFFSET :offset),
                     owed AS (SELECT period_id, sum(filings)::bigint AS filings, sum(amount)::bigint AS amount FROM (
                                  SELECT period_id, 1 AS filings, tenant_gross AS amount FROM filing
                                   WHERE tenant_id = :tenant AND status = 'ACCEPTED' AND builder_id = ANY (:builders)
                                     AND period_id IN (SELECT id FROM shown)
                                  UNION ALL
                                  SELECT r.period_id, 0, e.amount FROM tenant_entry e
                                    JOIN restatement r ON r.tenant_id = e.tenant_id AND r.id = e.cause_id
                                   WHERE e.tenant_id = :tenant AND e.cause = 'restatement' AND e.account = 'GROSS'
                                     AND r.builder_id = ANY (:builders) AND r.period_id IN (SELECT id FROM shown)) o
                               GROUP BY period_id),
                     got AS (SELECT period_id, sum(amount)::bigint AS amount FROM builder_receipt
                              WHERE tenant_id = :tenant AND builder_id = ANY (:builders) AND period_id IN (SELECT id FROM shown)
                              GROUP BY period_id)
                SELECT s.label, s.state, coalesce(o.filings, 0), coalesce(o.amount, 0), coalesce(g.amount, 0)
                  FROM shown s LEFT JOIN owed o ON o.period_id = s.id LEFT JOIN got g ON g.period_id = s.id
                 ORDER BY s.opened_at DESC, s.id DESC""")
                .bind("builders", builders).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(r -> new Due(r.getString(1), r.getString(2).toLowerCase(), r.getLong(3), r.getLong(4), r.getLong(5))), paging);
    }

    /** A page of the organisations on the administrator's dues page, each with its dues period by period. */
    public record Accounts(List<BuilderAccount> rows, Paging paging) {
    }

    /** A page of the receipts recorded, newest first. */
    public record Receipts(List<Receipt> rows, Paging paging) {
    }

    /**
     * Every organisation with something owed or received in the current tenant, or licensed with it ({@code :like}: a
     * LIKE pattern on its name or slug, NULL for all): the organisations the administrator's dues page lists.
     */
    private static final String BUILDERS = """
            WITH builders AS (SELECT builder_id FROM filing WHERE tenant_id = :tenant AND status = 'ACCEPTED'
                              UNION
                              SELECT r.builder_id FROM tenant_entry e
                                JOIN restatement r ON r.tenant_id = e.tenant_id AND r.id = e.cause_id
                               WHERE e.tenant_id = :tenant AND e.cause = 'restatement' AND e.account = 'GROSS'
                              UNION
                              SELECT builder_id FROM builder_receipt WHERE tenant_id = :tenant
                              UNION
                              SELECT builder_id FROM licence WHERE tenant_id = :tenant),
                 matching AS (SELECT b.id, b.slug, b.name FROM builders k JOIN builder_org b ON b.id = k.builder_id
                               WHERE CAST(:like AS text) IS NULL OR lower(b.name) LIKE :like OR lower(b.slug) LIKE :like)
            """;

    /**
     * The page {@code requested} of the organisations whose name or slug contains {@code query} (all for none), by
     * name, each with its dues newest period first: the page of organisations is chosen in the database, and only its
     * organisations' dues are summed.
     */
    @Transactional
    public Accounts page(String query, int requested) {
        String like = Paging.like(query);
        Paging paging = Paging.of(requested, Paging.SIZE,
                sql.sql(BUILDERS + "SELECT count(*) FROM matching").bind("like", like).single(r -> r.getLong(1)));
        List<DueOf> rows = sql.sql(BUILDERS + """
                   , shown AS (SELECT id, slug, name FROM matching ORDER BY name, slug LIMIT :limit OFFSET :offset),
                     owed AS (SELECT builder_id, period_id, sum(filings)::bigint AS filings, sum(amount)::bigint AS amount FROM (
                                  SELECT builder_id, period_id, 1 AS filings, tenant_gross AS amount FROM filing
                                   WHERE tenant_id = :tenant AND status = 'ACCEPTED' AND builder_id IN (SELECT id FROM shown)
                                  UNION ALL
                                  SELECT r.builder_id, r.period_id, 0, e.amount FROM tenant_entry e
                                    JOIN restatement r ON r.tenant_id = e.tenant_id AND r.id = e.cause_id
                                   WHERE e.tenant_id = :tenant AND e.cause = 'restatement' AND e.account = 'GROSS'
                                     AND r.builder_id IN (SELECT id FROM shown)) o
                               GROUP BY builder_id, period_id),
                     got AS (SELECT builder_id, period_id, sum(amount)::bigint AS amount FROM builder_receipt
                              WHERE tenant_id = :tenant AND builder_id IN (SELECT id FROM shown) GROUP BY builder_id, period_id),
                     dues AS (SELECT builder_id, period_id FROM owed UNION SELECT builder_id, period_id FROM got)
                SELECT s.slug, s.name, p.label, p.state, coalesce(o.filings, 0), coalesce(o.amount, 0), coalesce(g.amount, 0)
                  FROM shown s
                  LEFT JOIN dues d ON d.builder_id = s.id
                  LEFT JOIN period p ON p.tenant_id = :tenant AND p.id = d.period_id
                  LEFT JOIN owed o ON o.builder_id = d.builder_id AND o.period_id = d.period_id
                  LEFT JOIN got g ON g.builder_id = d.builder_id AND g.period_id = d.period_id
                 ORDER BY s.name, s.slug, p.opened_at DESC, p.id DESC""")
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(r -> new DueOf(r.getString(1), r.getString(2),
                        r.getString(4) == null ? null : new Due(r.getString(3), r.getString(4).toLowerCase(), r.getLong(5), r.getLong(6), r.getLong(7))));
        Map<String, BuilderAccount> bySlug = new LinkedHashMap<>();
        for (DueOf r : rows) {
            BuilderAccount a = bySlug.computeIfAbsent(r.slug(), s -> new BuilderAccount(s, r.name(), new ArrayList<>()));
            if (r.due() != null) {
                a.dues().add(r.due());
            }
        }
        return new Accounts(List.copyOf(bySlug.values()), paging);
    }

    /** The receipts of the administrator's page, their organisation's name or slug, period or reference matching {@code :like}. */
    private static final String RECEIPTS = """
              FROM builder_receipt r
              JOIN builder_org b ON b.id = r.builder_id
              JOIN period p ON p.tenant_id = r.tenant_id AND p.id = r.period_id
             WHERE r.tenant_id = :tenant AND (CAST(:like AS text) IS NULL OR lower(b.name) LIKE :like OR lower(b.slug) LIKE :like
                                              OR lower(p.label) LIKE :like OR lower(r.reference) LIKE :like)""";

    /**
     * The page {@code requested} of the receipts whose organisation (name or slug), period or bank reference contains
     * {@code query} (all for none), newest first.
     */
    @Transactional
    public Receipts receiptPage(String query, int requested) {
        return receiptPage(query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} receipts, for the API. */
    @Transactional
    public Receipts receiptPage(String query, int requested, int size) {
        String like = Paging.like(query);
        Paging paging = Paging.of(requested, size,
                sql.sql("SELECT count(*)" + RECEIPTS).bind("like", like).single(r -> r.getLong(1)));
        return new Receipts(sql.sql("SELECT r.id, b.slug, b.name, p.label, r.amount, r.received_on, r.reference, r.recorded_by"
                + RECEIPTS + " ORDER BY r.received_on DESC, r.id DESC LIMIT :limit OFFSET :offset")
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(BuilderDues::receipt), paging);
    }

    /**
     * The page {@code requested} ({@code size} receipts) of those recorded for the organisations given in the current
     * tenant, newest first.
     */
    @Transactional
    public Receipts receiptsOf(Collection<Long> builderIds, int requested, int size) {
        Long[] builders = builderIds.toArray(Long[]::new);
        Paging paging = Paging.of(requested, size, sql.sql("""
                SELECT count(*) FROM builder_receipt WHERE tenant_id = :tenant AND builder_id = ANY (:builders)""")
                .bind("builders", builders).single(r -> r.getLong(1)));
        return new Receipts(sql.sql("""
                SELECT r.id, b.slug, b.name, p.label, r.amount, r.received_on, r.reference, r.recorded_by
                  FROM builder_receipt r
                  JOIN builder_org b ON b.id = r.builder_id
                  JOIN period p ON p.tenant_id = r.tenant_id AND p.id = r.period_id
                 WHERE r.tenant_id = :tenant AND r.builder_id = ANY (:builders)
                 ORDER BY r.received_on DESC, r.id DESC LIMIT :limit OFFSET :offset""")
                .bind("builders", builders).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(BuilderDues::receipt), paging);
    }

    private static Receipt receipt(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Receipt(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getObject(6, LocalDate.class), r.getString(7), r.getString(8));
    }

    /**
     * The page {@code requested} ({@code size} filings) of the organisations' rejected filings in the current tenant (the
     * caller has entered it), latest period first, with the administrator's reasons.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Rejections rejections(Collection<Long> builderIds, int requested, int size) {
        Long[] builders = builderIds.toArray(Long[]::new);
        Paging paging = Paging.of(requested, size, sql.sql("""
                SELECT count(*) FROM filing WHERE tenant_id = :tenant AND status = 'REJECTED' AND builder_id = ANY (:builders)""")
                .bind("builders", builders).single(r -> r.getLong(1)));
        return new Rejections(sql.sql("""
                SELECT p.label, f.model, f.seq, f.review_note
                FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                WHERE f.tenant_id = :tenant AND f.status = 'REJECTED' AND f.builder_id = ANY (:builders)
                ORDER BY p.opened_at DESC, p.id DESC, f.model, f.seq LIMIT :limit OFFSET :offset""")
                .bind("builders", builders).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(r -> new Rejection(r.getString(1), r.getString(2), r.getInt(3), r.getString(4))), paging);
    }
}
