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
import org.cmoportal.distribution.Usage;
import org.cmoportal.error.Problem;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * What a filing would come to, computed by the engine while the builder types: operating profit, pool, the split
 * over every category and what this CMO receives. Parts that cannot be computed yet are null.
 */
public record FilingPreview(String currency, String operatingProfit, String pool, List<Line> categories, String tenantGross,
        String fees, boolean shareFlagged, String shareBand, String weightSum, String weightDistance, boolean weightsComplete,
        List<Problem> problems) {

    /** One category of the split; fee and net only where this CMO administers it. */
    public record Line(String category, String weight, String amount, boolean administered, String fee, String net) {
    }

    public static FilingPreview of(FilingDocument doc, FilingTerms terms, String period) {
        FilingValidator.Checked c = FilingValidator.check(doc, terms, period, List.of());
        CurrencyUnit cu = terms.currency();
        String operatingProfit = null;
        String pool = null;
        String tenantGross = null;
        String fees = null;
        boolean flagged = false;
        List<Line> lines = new ArrayList<>();
        if (c.figuresComplete()) {
            long profit = c.revenue() - c.servingCost() - c.postTrainingCost();
            operatingProfit = Amounts.formatGrouped(profit, cu);
            if (c.dataValueShare() != null) {
                flagged = !terms.terms().shareBand().contains(c.dataValueShare());
                // The pool does not depend on the mixture, so it is shown before the weights add up.
                MixtureWeights mixture = c.mixture() != null ? c.mixture() : new MixtureWeights(Map.of("all", Rate.ONE));
                FilingCalculation calc = FilingCalculator.calculate(new FilingFigures(c.revenue(), c.servingCost(),
                        c.postTrainingCost(), c.dataValueShare(), mixture), terms.terms(), Usage.none(), Set.of());
                pool = Amounts.formatGrouped(calc.pool(), cu);
                if (c.mixture() != null) {
                    for (CategoryAmount a : calc.categoryAmounts()) {
                        var d = a.administered() ? calc.distribution(a.category()).orElseThrow() : null;
                        lines.add(new Line(a.category(), a.weight().toString(), Amounts.formatGrouped(a.amount(), cu),
                                a.administered(), d == null ? null : Amounts.formatGrouped(d.fee(), cu),
                                d == null ? null : Amounts.formatGrouped(d.net(), cu)));
                    }
                    tenantGross = Amounts.formatGrouped(calc.tenantGross(), cu);
                    fees = Amounts.formatGrouped(calc.fees(), cu);
                }
            }
        }
        String sum = c.weightSum() == null ? "0" : FilingValidator.plain(c.weightSum());
        String distance = c.weightSum() == null ? "1 short of 1" : FilingValidator.distance(c.weightSum());
        String band = terms.terms().shareBand().min() + " to " + terms.terms().shareBand().max();
        return new FilingPreview(cu.code(), operatingProfit, pool, lines, tenantGross, fees, flagged, band, sum, distance,
                c.mixture() != null, c.problems().stream().filter(p -> !p.message().contains("missing")).toList());
    }
}
