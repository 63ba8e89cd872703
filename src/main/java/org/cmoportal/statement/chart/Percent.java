package org.cmoportal.statement.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A part's share of a whole as "12.5%", for chart labels only (exact division, one decimal). */
public final class Percent {

    private Percent() {
    }

    public static String of(long part, long whole) {
        if (whole <= 0) {
            return "0%";
        }
        BigDecimal p = BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_EVEN);
        return p.stripTrailingZeros().toPlainString() + "%";
    }
}
