package org.cmoportal.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * A published statement's head: whose it is, which CMO and period, its total; and when its period's lines were archived
 * (ops/archive-period.sh; null while they are here): the total stands, the lines are in the archive. With it, read in
 * the same query, what decides whether its member may still dispute its lines: the day (UTC) its period was
 * distributed (null where none was recorded), the tenant's dispute window in days, and today (UTC, the database's
 * clock, as the dispute form reads it); the page asked for them in a query of their own. And {@code accountVersion},
 * the tenant's account version as read with it (V50: it moves with every committed change to what the member's account
 * beside the statement is read from; 0 before the first), which keys the page's body as kept.
 */
public record StatementHeader(long id, String tenantId, String tenantName, CurrencyUnit currency, Rate adminFeeRate,
        long periodId, String periodLabel, String ref, String memberName, long total, Instant publishedAt, long runId,
        Instant archivedAt, LocalDate distributedOn, int disputeWindowDays, LocalDate today, long accountVersion) {

    /**
     * The day it was published (UTC), which pages and the PDF write in the viewer's language ({@code web/Formats});
     * null for none.
     */
    public LocalDate publishedOn() {
        return publishedAt == null ? null : LocalDate.ofInstant(publishedAt, ZoneOffset.UTC);
    }

    /** The day the period's lines were archived (UTC, ISO: the time tag writes it in the viewer's language), or null. */
    public String archivedOn() {
        return archivedAt == null ? null : LocalDate.ofInstant(archivedAt, ZoneOffset.UTC).toString();
    }

    /** The member's name when the ref matches a member, else the ref itself. */
    public String payee() {
        return memberName == null ? ref : memberName;
    }
}
