package org.cmoportal.filing;

import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.money.CurrencyUnit;

/** A filing whose every field passed validation: figures in minor units of the CMO's currency. */
public record ValidFiling(String model, String period, CurrencyUnit currency, FilingFigures figures,
        FilingDocument.Attestation attestation) {
}
