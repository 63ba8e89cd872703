package org.cmoportal.filing;

import java.time.Instant;
import java.util.List;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * A stored filing as the API returns it (api.md): amounts as decimal strings in major units with exactly the
 * currency's fraction digits, rates as decimal strings, units as integers.
 */
public record FilingView(Long id, String tenant, String period, String periodState, String builder, String model, int seq,
        String status, String currency, String revenue, String servingCost, String postTrainingCost, String dataValueShare,
        String operatingProfit, String pool, String tenantGross, boolean shareFlagged, ShareBandView shareBand,
        List<CategoryView> categories, UsageView usage, AttestationView attestation, String contentSha256,
        Long supersedes, String submittedBy, Instant submittedAt) {

    /** The band the CMO accepts without review. */
    public record ShareBandView(String min, String max) {
    }

    /** One category of the mixture; fee, net and units only for the categories this CMO administers. */
    public record CategoryView(String category, String weight, boolean administered, String amount, String fee, String net,
            Long units) {
    }

    /** The usage file as received: its SHA-256 and number of data lines. */
    public record UsageView(String sha256, Long lines) {
    }

    /** The evaluator's attestation, if given. */
    public record AttestationView(String evaluator, String reference, String sha256) {
    }

    public static FilingView of(FilingService.Loaded l) {
        Filing f = l.filing();
        CurrencyUnit cu = CurrencyUnit.of(f.currency);
        return new FilingView(f.id, f.tenantId, l.periodLabel(), l.periodState().name(), l.builderSlug(), f.model, f.seq,
                f.status.name(), f.currency, Amounts.format(f.revenue, cu), Amounts.format(f.servingCost, cu),
                Amounts.format(f.postTrainingCost, cu), Rate.ofMillionths(f.dataValueShare.movePointRight(6).longValueExact()).toString(),
                Amounts.format(f.operatingProfit, cu), Amounts.format(f.pool, cu), Amounts.format(f.tenantGross, cu),
                f.shareFlagged, new ShareBandView(l.terms().terms().shareBand().min().toString(), l.terms().terms().shareBand().max().toString()),
                l.categories().stream().map(c -> new CategoryView(c.category(), c.weight().toString(), c.administered(),
                        Amounts.format(c.amount(), cu), c.fee() == null ? null : Amounts.format(c.fee(), cu),
                        c.net() == null ? null : Amounts.format(c.net(), cu), c.units())).toList(),
                new UsageView(f.usageSha256, f.usageLines),
                f.attestationSha256 == null ? null : new AttestationView(f.attestationEvaluator, f.attestationReference, f.attestationSha256),
                f.contentSha256, f.supersedesId, f.submittedBy, f.submittedAt);
    }
}
