package org.cmoportal.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * A published statement's head: whose it is, which CMO and period, its total; and when its period's lines were archived
 * (ops/archive-period.sh; null while they are here): the total stands, the lines are in the archive.
 */
public record StatementHeader(long id, String tenantId, String tenantName, CurrencyUnit currency, Rate adminFeeRate,
        long periodId, String periodLabel, String ref, String memberName, long total, Instant publishedAt, long runId,
        Instant archivedAt) {

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
