package org.cmoportal.filing;

import java.util.List;

import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.money.CurrencyUnit;

/** What a CMO asks of a filing: its currency, terms (fee, band, categories) and whether an attestation is required. */
public record FilingTerms(String tenantId, String tenantName, CurrencyUnit currency, TenantTerms terms,
        boolean requiresAttestation) {

    /** The administered category keys, in code point order. */
    public List<String> categories() {
        return List.copyOf(terms.categories().keySet());
    }
}
