package org.cmoportal.web;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

import io.quarkus.qute.TemplateExtension;

/**
 * How pages write money and rates: {@code {fee.money(currency)}} gives "1,234.50", {@code {feeRate.percent}} gives
 * "12.5%". View records carry minor units and exact rates, never text made up for one page.
 */
@TemplateExtension
public final class Formats {

    private Formats() {
    }

    /** Minor units in major units with the currency's digits and a ',' between groups of three: 123450 USD is "1,234.50". */
    public static String money(long minorUnits, CurrencyUnit currency) {
        return Amounts.formatGrouped(minorUnits, currency);
    }

    /**
     * A fee or a share as a percentage, exactly (a rate has at most six fraction digits, so a percentage has at
     * most four and nothing is rounded): 0.1 is "10%", 0.3 is "30%", 0.125 is "12.5%", 0.000001 is "0.0001%".
     */
    public static String percent(Rate rate) {
        return rate.toBigDecimal().movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** A rate as the API writes it ("0.125"), as a percentage. */
    @TemplateExtension(matchName = "percent")
    public static String percentOfText(String rate) {
        return percent(Rate.parse(rate));
    }
}
