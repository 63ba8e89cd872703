package org.cmoportal.period;

import java.util.List;
import java.util.Map;

import org.cmoportal.error.Problem;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.preference.OptOutFlags;
import org.cmoportal.verification.FilingVerification;
import org.cmoportal.verification.PeriodVerification;
import org.cmoportal.web.Paging;

/**
 * What the period board shows an administrator: the period, a page of its filings, the run's figures and the one
 * next action its state allows. Amounts are in minor units of {@code currency}. The counts are over every filing of the
 * period, whichever page is shown.
 *
 * @param found      the page of filings shown, searched by {@code query}
 * @param query      the filings' search as typed, empty for none
 * @param filingCount every filing of the period, searched or not
 * @param unreviewed the period's filings still to be decided
 * @param unreviewedOptOuts how many of those are flagged for opted-out members
 * @param run       the run's figures, or null before calculation
 * @param canApprove false for the administrator who calculated the run (four eyes)
 * @param optOuts    the flags of the page's filings, by id
 */
public record PeriodBoard(String tenant, String tenantName, Period period, CurrencyUnit currency, Paging.Page<FilingRow> found,
        String query, long filingCount, long unreviewed, long unreviewedOptOuts, RunFigures run, boolean canApprove, String notice,
        List<Problem> problems, PeriodVerification verification, Map<Long, OptOutFlags.Flag> optOuts, String archivedOn) {

    /** The page's filings. */
    public List<FilingRow> filings() {
        return found.rows();
    }

    public Paging paging() {
        return found.paging();
    }

    /**
     * The flag of one filing of this board, if its usage names members who had opted out of train-ai in a category
     * before the period was opened (economics.md, "Preferences"); the filing is still taken whole.
     */
    public OptOutFlags.Flag optOut(long filingId) {
        return optOuts.get(filingId);
    }

    /** The verification of one filing of this board (attestation, cross-CMO consistency, commitment), if known. */
    public FilingVerification check(long filingId) {
        return verification.filings().stream().filter(v -> v.filingId() == filingId).findFirst().orElse(null);
    }

    /** One filing as the board lists it. */
    public record FilingRow(long id, String builder, String model, int seq, String status, long operatingProfit,
            long pool, long tenantGross, Rate dataValueShare, boolean shareFlagged, String reviewNote,
            String reviewedBy) {

        public boolean reviewable() {
            return !"SUPERSEDED".equals(status);
        }
    }

    public boolean reviewing() {
        return period.state == Period.State.CLOSED;
    }

    /** A key (member ref or category) and an amount in minor units. */
    public record Share(String key, long amount) {
    }

    /** The largest suspense refs, at most 20, for the page (the API lists them all). */
    public List<Share> topSuspenseRefs() {
        return run == null ? List.of() : run.suspenseByRef().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                .map(e -> new Share(e.getKey(), e.getValue())).toList();
    }

    public List<Share> suspenseByCategory() {
        return run == null ? List.of() : run.suspenseByCategory().entrySet().stream()
                .map(e -> new Share(e.getKey(), e.getValue())).toList();
    }
}
