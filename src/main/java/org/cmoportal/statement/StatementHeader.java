package org.cmoportal.statement;

import java.time.Instant;

import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * A published statement's head: whose it is, which CMO and period, its total; and when its period's lines were archived
 * (ops/archive-period.sh; null while they are here): the total stands, the lines are in the archive.
 */
public record StatementHeader(long id, String tenantId, String tenantName, CurrencyUnit currency, Rate adminFeeRate,
        long periodId, String periodLabel, String ref, String memberName, long total, Instant publishedAt, long runId,
        Instant archivedAt) {

    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("d MMMM uuuu", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    /** The day it was published, "12 March 2026" (UTC). */
    public String publishedOn() {
        return publishedAt == null ? "" : DAY.format(publishedAt);
    }

    /** The day the period's lines were archived, "12 March 2027" (UTC), or null. */
    public String archivedOn() {
        return archivedAt == null ? null : DAY.format(archivedAt);
    }

    /** The member's name when the ref matches a member, else the ref itself. */
    public String payee() {
        return memberName == null ? ref : memberName;
    }
}
