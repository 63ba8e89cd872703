package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * filing_usage checks its filing once per statement (V7) instead of a foreign key per row: a row naming a
 * filing that is not in its tenant is refused all the same, and neither filings nor their usage can be
 * changed or deleted afterwards by the app, so the reference cannot dangle.
 */
@QuarkusTest
class FilingUsageReferencesTest {

    @Inject
    TenantScope scope;

    @Inject
    EntityManager em;

    @Test
    void usageNamingAFilingThatIsNotInTheTenantIsRefused() {
        IntakeFixture.ensure();
        long missing = OwnerSql.number("SELECT coalesce(max(id), 0) + 1000 FROM filing");
        String codebooksPeriod = IntakeFixture.openPeriod("codebooks");
        // a period of newsguild, so that the rows have a partition to go to (V30) and only the filing is wrong
        String newsPeriod = IntakeFixture.openPeriod("newsguild");
        long codebooksFiling = FilingApiTest.post("codebooks", codebooksPeriod, FilingApiTest.EXAMPLE,
                "category,member_ref,units\ncode,dave,1\n".getBytes(StandardCharsets.UTF_8), null)
                .then().statusCode(201).extract().jsonPath().getLong("id");

        for (long filing : new long[] {missing, codebooksFiling}) {
            assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery("""
                    INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_refs, units, period_id)
                    SELECT ?1, 'newsguild', 'news', ARRAY['alice', 'bob'], ARRAY[1, 1], p.id FROM period p
                     WHERE p.tenant_id = 'newsguild' AND p.label = ?2""")
                    .setParameter(1, filing).setParameter(2, newsPeriod).executeUpdate()))
                    .as("filing %d", filing)
                    .rootCause().hasMessageContaining("filing_usage names a filing that does not exist in its tenant");
            assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ? AND tenant_id = 'newsguild'", filing))
                    .isZero();
        }
    }

    @Test
    void theAppCannotDeleteFilingsNorChangeTheirUsage() {
        for (String sql : new String[] {"DELETE FROM filing WHERE tenant_id = 'newsguild'",
                "UPDATE filing_usage SET units = units WHERE tenant_id = 'newsguild'",
                "DELETE FROM filing_usage WHERE tenant_id = 'newsguild'"}) {
            assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery(sql).executeUpdate()))
                    .as(sql).rootCause().hasMessageContaining("permission denied");
        }
    }
}
