package org.cmoportal.distribution;

import org.cmoportal.money.Rate;

/** The data-value share a tenant's licence accepts without review, both ends included. */
public record ShareBand(Rate min, Rate max) {

    /** [0.20, 0.50], the default band of economics.md. */
    public static final ShareBand DEFAULT = new ShareBand(Rate.ofMillionths(200_000), Rate.ofMillionths(500_000));

    public ShareBand {
        if (min.compareTo(max) > 0) {
            throw new CalculationInputException("shareBand", "min " + min + " is above max " + max);
        }
    }

    /** Whether the share needs no review: {@code min <= share <= max}. */
    public boolean contains(Rate share) {
        return share.compareTo(min) >= 0 && share.compareTo(max) <= 0;
    }
}
