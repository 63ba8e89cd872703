package org.cmoportal.suspense;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantSql;

/**
 * The deadlines an administrator's board shows (issue: "Deadlines"): money held in suspense that reaches the tenant's
 * hold limit within {@link #WITHIN_DAYS} days (or has reached it), per period with its amount; and periods that ended
 * (closed) and are not distributed, approaching nine months since they ended (the EU directive 2014/26 asks for
 * distribution within nine months of the end of the financial year the money was collected in).
 */
@ApplicationScoped
public class Deadlines {

    public static final int WITHIN_DAYS = 90;
    public static final int DISTRIBUTE_WITHIN_MONTHS = 9;

    /** Held money of one period reaching the hold limit: {@code due} when it is releasable already. */
    public record HoldLimit(String period, long amount, LocalDate releasableFrom, boolean due) {
    }

    /** A period closed and not distributed: {@code late} when nine months have passed since it ended. */
    public record Distribution(String period, String state, LocalDate ended, LocalDate distributeBy, boolean late) {
    }

    public record Board(CurrencyUnit currency, int holdMonths, List<HoldLimit> holdLimits, List<Distribution> distributions) {

        public boolean isEmpty() {
            return holdLimits.isEmpty() && distributions.isEmpty();
        }
    }

    @Inject
    SuspenseBook book;

    @Inject
    TenantSql sql;

    @Transactional
    public Board board(CurrencyUnit currency) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate horizon = today.plusDays(WITHIN_DAYS);
        List<HoldLimit> limits = book.perPeriod().stream().filter(p -> !p.releasableFrom().isAfter(horizon))
                .map(p -> new HoldLimit(p.period(), p.amount(), p.releasableFrom(), !p.releasableFrom().isAfter(today))).toList();
        List<Distribution> periods = sql.sql("""
                SELECT label, state, closed_at FROM period
                 WHERE tenant_id = :tenant AND state <> 'DISTRIBUTED' AND closed_at IS NOT NULL
                 ORDER BY closed_at, id""").list(rs -> {
            LocalDate ended = SuspenseBook.day(rs.getTimestamp(3).toInstant());
            LocalDate by = ended.plusMonths(DISTRIBUTE_WITHIN_MONTHS);
            return new Distribution(rs.getString(1), rs.getString(2), ended, by, by.isBefore(today));
        }).stream().filter(d -> !d.distributeBy().isAfter(horizon)).toList();
        return new Board(currency, book.holdMonths(), limits, periods);
    }
}
