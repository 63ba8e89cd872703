package org.cmoportal.distribution;

import org.cmoportal.money.Rate;

/** Step 2 for one category of the mixture: its weight and its part of the pool; {@code administered} by this tenant or not. */
public record CategoryAmount(String category, Rate weight, long amount, boolean administered) {
}
