package org.cmoportal.account;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.Writer;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.csv.CsvTable;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.Paging;

/**
 * Every member of the entered tenant with their balance (0 with no entries), sorted by balance, searchable by ref
 * or name, a page at a time or as one CSV.
 */
@ApplicationScoped
public class BalanceReport {

    static final List<String> CSV_HEADER = List.of("tenant", "member_ref", "name", "balance", "currency", "entries");

    /** Largest balances first, or smallest first (negative balances, then nothing to pay). */
    public enum Order {
        DESC, ASC;

        /** The order a query parameter names, largest first by default. */
        public static Order of(String text) {
            return "asc".equalsIgnoreCase(text) ? ASC : DESC;
        }

        public String param() {
            return name().toLowerCase();
        }
    }

    public record Row(String ref, String name, long balance, long entries) {
    }

    /** One page of the report; {@code paging.count} members match the search, {@code total} is the sum of their balances. */
    public record Page(String tenantId, String tenantName, CurrencyUnit currency, String query, Order order, Paging paging,
            long total, List<Row> rows) {

        public String otherOrder() {
            return order == Order.DESC ? "asc" : "desc";
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    private static final String MEMBERS = """
            FROM member m
            LEFT JOIN (SELECT member_ref, sum(amount) AS balance, sum(entries) AS entries FROM account_line
                        WHERE tenant_id = :tenant GROUP BY member_ref) b ON b.member_ref = m.ref
            WHERE m.tenant_id = :tenant AND (CAST(:like AS text) IS NULL OR lower(m.ref) LIKE :like OR lower(m.name) LIKE :like)
            """;

    @Transactional
    public Page page(String query, Order order, int page) {
        Tenant t = Tenant.findById(tenant.tenantId());
        String like = Paging.like(query);
        long[] totals = sql.sql("SELECT count(*), coalesce(sum(b.balance), 0) " + MEMBERS).bind("like", like)
                .single(rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        Paging paging = Paging.of(page, Paging.SIZE, totals[0]);
        List<Row> rows = sql.sql("SELECT m.ref, m.name, coalesce(b.balance, 0), coalesce(b.entries, 0) " + MEMBERS
                + " ORDER BY 3 " + (order == Order.ASC ? "ASC" : "DESC") + ", m.ref COLLATE \"C\" LIMIT :limit OFFSET :offset")
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        return new Page(t.id, t.name, CurrencyUnit.of(t.currency), Paging.query(query), order, paging, totals[1], rows);
    }

    /** Every matching member, streamed in the report's order, in the caller's transaction. */
    @Transactional
    public void csv(String query, Order order, Writer out) {
        Tenant t = Tenant.findById(tenant.tenantId());
        CurrencyUnit currency = CurrencyUnit.of(t.currency);
        CsvTable csv = CsvTable.start(out, CSV_HEADER);
        CsvTable.Cell tenantCell = text(t.id);
        CsvTable.Cell currencyCell = text(currency.code());
        sql.sql("SELECT m.ref, m.name, coalesce(b.balance, 0), coalesce(b.entries, 0) " + MEMBERS
                + " ORDER BY 3 " + (order == Order.ASC ? "ASC" : "DESC") + ", m.ref COLLATE \"C\"")
                .bind("like", Paging.like(query))
                .stream(rs -> csv.row(tenantCell, text(rs.getString(1)), text(rs.getString(2)),
                        figure(Amounts.format(rs.getLong(3), currency)), currencyCell, figure(rs.getLong(4))));
        csv.flush();
    }
}
