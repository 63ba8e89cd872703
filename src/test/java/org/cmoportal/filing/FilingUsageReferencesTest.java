package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.tenancy.TenantScope;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
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

    @Inject
    @io.quarkus.agroal.DataSource("migration")
    AgroalDataSource owner;

    @Test
    void usageNamingAFilingThatIsNotInTheTenantIsRefused() throws Exception {
        long missing = ownerLong("SELECT coalesce(max(id), 0) + 1000 FROM filing");
        assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery("""
                INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_ref, units)
                VALUES (?1, 'newsguild', 'news', 'alice', 1), (?1, 'newsguild', 'news', 'bob', 2)""")
                .setParameter(1, missing).executeUpdate()))
                .rootCause().hasMessageContaining("filing_usage names a filing that does not exist in its tenant");
        assertThat(ownerLong("SELECT count(*) FROM filing_usage WHERE filing_id = " + missing)).isZero();

        long otherTenants = ownerLong("SELECT coalesce(min(id), 0) FROM filing WHERE tenant_id <> 'newsguild'");
        if (otherTenants > 0) {
            assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery("""
                    INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_ref, units)
                    VALUES (?1, 'newsguild', 'news', 'intruder', 1)""").setParameter(1, otherTenants).executeUpdate()))
                    .rootCause().hasMessageContaining("does not exist in its tenant");
        }
    }

    @Test
    void theAppCannotDeleteFilingsNorChangeTheirUsage() {
        for (String sql : new String[] {"DELETE FROM filing WHERE tenant_id = 'newsguild'",
                "UPDATE filing_usage SET units = units + 1 WHERE tenant_id = 'newsguild'",
                "DELETE FROM filing_usage WHERE tenant_id = 'newsguild'"}) {
            assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery(sql).executeUpdate()))
                    .as(sql).rootCause().hasMessageContaining("permission denied");
        }
    }

    private long ownerLong(String sql) throws Exception {
        try (Connection c = owner.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
