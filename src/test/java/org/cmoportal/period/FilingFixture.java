package org.cmoportal.period;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.cmoportal.distribution.AcceptedFiling;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.money.Rate;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;

/**
 * acme-ai's filings for the workflow tests, written as raw rows by {@link Filings#raw} (status SUBMITTED, an earlier
 * filing of the same model SUPERSEDED, figures from the engine). Not through the API: these tests pin the
 * tenant's audit trail to the workflow's own entries, and file hundreds of random filings. The engine's
 * calculation is kept: it is the reference the run is held to.
 */
final class FilingFixture {

    /** A filing as a builder would send it, amounts in minor units. */
    record Spec(String model, long revenue, long servingCost, long postTrainingCost, String share,
            Map<String, String> weights, List<Filings.Line> usage) {
    }

    /** The stored filing and the engine's calculation of it. */
    record Filed(long id, String model, FilingCalculation calculation) {
        AcceptedFiling accepted() {
            return new AcceptedFiling(String.valueOf(id), "Acme AI", model, calculation);
        }
    }

    private FilingFixture() {
    }

    static Filed file(String tenant, String period, Spec spec) {
        try (Connection c = OwnerSql.connect()) {
            c.setAutoCommit(false);
            long periodId = OwnerSql.number(c, "SELECT id FROM period WHERE tenant_id = ? AND label = ?", tenant, period);
            long builderId = OwnerSql.number(c, "SELECT id FROM builder_org WHERE slug = ?", "acme-ai");
            FilingFigures figures = new FilingFigures(spec.revenue(), spec.servingCost(), spec.postTrainingCost(),
                    Rate.parse(spec.share()), MixtureWeights.parse(spec.weights()));
            Filings.Written written = Filings.raw(tenant, periodId, builderId, spec.model())
                    .figures(figures, spec.usage())
                    .insert(c);
            c.commit();
            return new Filed(written.id(), spec.model(), written.calculation());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
