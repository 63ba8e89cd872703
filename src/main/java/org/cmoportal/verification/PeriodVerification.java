package org.cmoportal.verification;

import java.util.List;

/** A period's filings with their verification, and the counts an administrator reads first. */
public record PeriodVerification(String period, int attested, int unattested, int inconsistent, int commitmentMismatches,
        int valuationDifferences, List<FilingVerification> filings) {

    public static PeriodVerification of(String period, List<FilingVerification> filings) {
        int attested = (int) filings.stream().filter(FilingVerification::attested).count();
        return new PeriodVerification(period, attested, filings.size() - attested,
                (int) filings.stream().filter(FilingVerification::inconsistent).count(),
                (int) filings.stream().filter(FilingVerification::commitmentMismatch).count(),
                (int) filings.stream().filter(FilingVerification::valuationDiffers).count(), filings);
    }
}
