package org.cmoportal.verification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * A filing as intake stored it (V1 {@code filing} and {@code filing_category}), read for verification only.
 *
 * @param mixture every category of the filing with its weight, in code point order of the key
 */
public record StoredFiling(long id, String tenantId, String periodLabel, long builderId, String builderName, String model,
        int seq, String status, String currency, long revenue, long servingCost, long postTrainingCost,
        BigDecimal dataValueShare, long operatingProfit, long pool, boolean shareFlagged, String attestationEvaluator,
        String attestationReference, String attestationSha256, String contentSha256, Instant submittedAt,
        Map<String, BigDecimal> mixture) {

    /** The same filing with its mixture, which is read in a query of its own. */
    StoredFiling withMixture(Map<String, BigDecimal> weights) {
        return new StoredFiling(id, tenantId, periodLabel, builderId, builderName, model, seq, status, currency, revenue,
                servingCost, postTrainingCost, dataValueShare, operatingProfit, pool, shareFlagged, attestationEvaluator,
                attestationReference, attestationSha256, contentSha256, submittedAt, weights);
    }

    /** SUPERSEDED and REJECTED filings are history: nothing is attested or accepted on them any more. */
    public boolean live() {
        return status.equals("SUBMITTED") || status.equals("ACCEPTED");
    }

    public Rate share() {
        return Rate.parse(dataValueShare.toPlainString());
    }

    public Map<String, Rate> mixtureRates() {
        Map<String, Rate> rates = new java.util.TreeMap<>(org.cmoportal.money.CodePointOrder.INSTANCE);
        mixture.forEach((k, w) -> rates.put(k, Rate.parse(w.toPlainString())));
        return rates;
    }

    public FilingDigests.Digests digests() {
        return FilingDigests.of(operatingProfit, CurrencyUnit.of(currency), share(), mixtureRates());
    }

    public CurrencyUnit currencyUnit() {
        return CurrencyUnit.of(currency);
    }

    /** The share as the API and messages write it: "0.3". */
    public String shareText() {
        return share().toString();
    }
}
