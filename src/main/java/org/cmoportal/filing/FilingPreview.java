package org.cmoportal.filing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cmoportal.distribution.CategoryAmount;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.Usage;
import org.cmoportal.error.Problem;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * What a filing would come to, computed by the engine while the builder types: operating profit, pool, the split
 * over every category and what this CMO receives, in minor units of {@code currency}. Parts that cannot be
 * computed yet are null.
 */
public record FilingPreview(CurrencyUnit currency, Long operatingProfit, Long pool, List<Line> categories, Long tenantGross,
        Long fees, boolean shareFlagged, ShareBand shareBand, String weightSum, String weightDistance, boolean weightsComplete,
        List<Problem> problems) {

    /** One category of the split; fee and net only where this CMO administers it. */
    public record Line(String category, Rate weight, long amount, boolean administered, Long fee, Long net) {
    }

    public static FilingPreview of(FilingDocument doc, FilingTerms terms, String period) {
        FilingValidator.Checked c = FilingValidator.check(doc, terms, period, List.of());
        CurrencyUnit cu = terms.currency();
        Long operatingProfit = null;
        Long pool = null;
        Long tenantGross = null;
        Long fees = null;
        boolean flagged = false;
        List<Line> lines = new ArrayList<>();
        if (c.figuresComplete()) {
            long profit = c.revenue() - c.servingCost() - c.postTrainingCost();
            operatingProfit = profit;
            if (c.dataValueShare() != null) {
                flagged = !terms.terms().shareBand().contains(c.dataValueShare());
                // The pool does not depend on the mixture, so it is shown before the weights add up.
                MixtureWeights mixture = c.mixture() != null ? c.mixture() : new MixtureWeights(Map.of("all", Rate.ONE));
                FilingCalculation calc = FilingCalculator.calculate(new FilingFigures(c.revenue(), c.servingCost(),
                        c.postTrainingCost(), c.dataValueShare(), mixture), terms.terms(), Usage.none(), Set.of());
                pool = calc.pool();
                if (c.mixture() != null) {
                    for (CategoryAmount a : calc.categoryAmounts()) {
                        var d = a.administered() ? calc.distribution(a.category()).orElseThrow() : null;
                        lines.add(new Line(a.category(), a.weight(), a.amount(), a.administered(),
                                d == null ? null : d.fee(), d == null ? null : d.net()));
                    }
                    tenantGross = calc.tenantGross();
                    fees = calc.fees();
                }
            }
        }
        String sum = c.weightSum() == null ? "0" : FilingValidator.plain(c.weightSum());
        String distance = c.weightSum() == null ? "1 short of 1" : FilingValidator.distance(c.weightSum());
        return new FilingPreview(cu, operatingProfit, pool, lines, tenantGross, fees, flagged, terms.terms().shareBand(), sum, distance,
                c.mixture() != null, c.problems().stream().filter(p -> !p.message().contains("missing")).toList());
    }
}
