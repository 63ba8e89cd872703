package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.member.Member;
import org.cmoportal.period.Period;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each isolation layer alone keeps one tenant's rows from another: Hibernate's tenant filter with
 * row-level security opened up, and row-level security with the filter bypassed by native SQL.
 */
@QuarkusTest
class TenantIsolationTest {

    /** Tables with a tenant_id that are identity data, read by both parties, so not forced. */
    static final List<String> IDENTITY_TABLES = List.of("affiliation", "licence", "evaluator_trust");

    @Inject
    TenantScope scope;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource app;

    @Inject
    TenantSql sql;

    /**
     * The partitioned tables and the views over them, as TenantSql plans a statement naming them: the ledger by tenant
     * first (its tenant written in), usage and run lines by period (planned each time with their values).
     */
    @Test
    void thePartitionedTablesAndTheViewsOverThemAreKnownByHowTheyArePartitioned() {
        TenantSql.Partitioned parts = sql.partitioned();
        assertThat(parts.tenantFirst()).containsExactlyInAnyOrder("account_entry", "account_line");
        assertThat(parts.byPeriod()).contains("filing_usage", "filing_usage_pair", "run_line", "statement_line")
                .doesNotContain("period", "statement", "member", "account_archived_total", "account_entry")
                .noneMatch(name -> name.matches(".*_p\\d+.*"));
    }

    @Test
    void hibernateFilterAloneHidesAnotherTenantsRows() {
        Long dave = scope.call("codebooks", () -> Member.findByRef("dave").id);
        scope.run("newsguild", () -> {
            // Row-level security now admits codebooks rows; only the Hibernate filter stands in the way.
            em.createNativeQuery("SELECT set_config('app.tenant_id', 'codebooks', true)").getSingleResult();
            long visibleToSql = ((Number) em.createNativeQuery("SELECT count(*) FROM member WHERE tenant_id = 'codebooks'")
                    .getSingleResult()).longValue();
            assertThat(visibleToSql).as("row-level security lets codebooks rows through").isPositive();

            assertThat(Member.<Member>findById(dave)).isNull();
            assertThat(Member.<Member>listAll()).extracting(m -> m.tenantId).doesNotContain("codebooks");
            assertThat(Member.findByRef("dave")).isNull();
            assertThat(Period.<Period>listAll()).extracting(p -> p.tenantId).doesNotContain("codebooks");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowLevelSecurityAloneHidesAnotherTenantsRowsFromNativeSql() {
        List<Object> refs = scope.call("newsguild", () ->
                (List<Object>) em.createNativeQuery("SELECT ref FROM member WHERE tenant_id = 'codebooks'").getResultList());
        assertThat(refs).isEmpty();
        List<Object> own = scope.call("newsguild", () ->
                (List<Object>) em.createNativeQuery("SELECT ref FROM member WHERE tenant_id = 'newsguild'").getResultList());
        assertThat(own).contains("alice", "bob", "carol");
        assertThat(OwnerSql.number("SELECT count(*) FROM member WHERE tenant_id = 'codebooks'"))
                .as("the rows exist; the owner sees them").isPositive();
    }

    @Test
    void rowLevelSecurityRefusesWritingIntoAnotherTenant() {
        String ref = "intruder-" + System.nanoTime();
        assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery(
                "INSERT INTO member (tenant_id, ref, name) VALUES ('codebooks', ?1, 'Intruder')")
                .setParameter(1, ref).executeUpdate()))
                .rootCause().hasMessageContaining("row-level security");
        assertThat(OwnerSql.number("SELECT count(*) FROM member WHERE ref = '" + ref + "'")).isZero();
    }

    @Test
    void withoutATenantTenantOwnedTablesShowNothing() {
        for (String table : List.of("member", "period", "category", "filing", "statement")) {
            long rows = QuarkusTransaction.requiringNew().call(() ->
                    ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue());
            assertThat(rows).as(table).isZero();
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> Member.count())).isZero();
        assertThat(OwnerSql.number("SELECT count(*) FROM member")).isPositive();
    }

    @Test
    void appRoleOwnsNothingAndCannotBypassRowLevelSecurity() throws SQLException {
        try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
            ResultSet me = st.executeQuery("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
            assertThat(me.next()).isTrue();
            assertThat(me.getString(1)).isEqualTo("cmo_app");
            assertThat(me.getBoolean(2)).as("superuser").isFalse();
            assertThat(me.getBoolean(3)).as("bypassrls").isFalse();
            ResultSet owned = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user");
            owned.next();
            assertThat(owned.getLong(1)).as("tables owned by the app role").isZero();
        }
    }

    @Test
    void everyTenantOwnedTableForcesRowLevelSecurity() throws SQLException {
        Map<String, Boolean> forced = new TreeMap<>();
        try (Connection c = OwnerSql.owner().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("""
                    SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (
                        SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)""");
            while (rs.next()) {
                forced.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        assertThat(forced).containsKeys("member", "period", "category", "filing", "statement", "audit_event");
        List<String> notForced = new ArrayList<>();
        forced.forEach((table, on) -> {
            if (!on) {
                notForced.add(table);
            }
        });
        assertThat(notForced).containsExactlyInAnyOrderElementsOf(IDENTITY_TABLES);
    }
}
