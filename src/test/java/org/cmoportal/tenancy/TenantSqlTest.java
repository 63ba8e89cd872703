package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The one way to run SQL holds the tenant rule at run time: it binds the entered tenant itself, and refuses a
 * statement on a tenant table that does not name it, or a tenant statement with no tenant entered, before the
 * database sees either.
 */
@QuarkusTest
class TenantSqlTest {

    @Inject
    TenantSql sql;

    @Inject
    TenantScope scope;

    @Inject
    @io.quarkus.agroal.DataSource("migration")
    AgroalDataSource owner;

    @Test
    void theTenantTablesAreTheTablesWithATenantIdButTheIdentityTables() throws SQLException {
        Set<String> withTenantId = new TreeSet<>();
        try (Connection c = owner.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (
                    SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)""")) {
            while (rs.next()) {
                withTenantId.add(rs.getString(1));
            }
        }
        withTenantId.removeAll(TenantIsolationTest.IDENTITY_TABLES);
        assertThat(new TreeSet<>(sql.tenantTables())).isEqualTo(withTenantId).contains("filing", "statement_line", "audit_event");
    }

    @Test
    void aStatementOnATenantTableWithoutTheTenantIsRefusedBeforeItRuns() {
        assertThatThrownBy(() -> scope.call("newsguild", () -> sql.sql("SELECT count(*) FROM member").single(rs -> rs.getLong(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("member").hasMessageContaining("tenant_id = :tenant");
        assertThatThrownBy(() -> scope.call("newsguild", () -> sql.sql("SELECT count(*) FROM member WHERE tenant_id = :t")
                .bind("t", "codebooks").single(rs -> rs.getLong(1)))).isInstanceOf(IllegalStateException.class);
        // a platform-wide statement is held to the same rule
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> sql.platform("DELETE FROM audit_head").update()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audit_head");
    }

    @Test
    void theHelperBindsTheEnteredTenantAndNoCallerMay() {
        String seen = scope.call("newsguild", () -> sql.sql("SELECT :tenant, count(*) FROM member WHERE tenant_id = :tenant")
                .single(rs -> rs.getString(1) + ":" + (rs.getLong(2) > 0)));
        assertThat(seen).isEqualTo("newsguild:true");
        assertThatThrownBy(() -> scope.call("newsguild", () -> sql.sql("SELECT count(*) FROM member WHERE tenant_id = :tenant")
                .bind("tenant", "codebooks"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTenantStatementNeedsAnEnteredTenantAndAPlatformOneSeesNone() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> sql.sql("SELECT 1").single(rs -> rs.getInt(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no tenant is entered");
        String none = QuarkusTransaction.requiringNew().call(() -> sql.platform("SELECT coalesce(:tenant, 'none')")
                .single(rs -> rs.getString(1)));
        assertThat(none).isEqualTo("none");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> sql.jdbc()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no tenant is entered");
    }

    @Test
    void theConnectionForCopyIsTheTransactionsAndCarriesTheTenant() {
        String seen = scope.call("codebooks", () -> {
            try (TenantSql.Jdbc jdbc = sql.jdbc()) {
                jdbc.sql("CREATE TEMP TABLE tenant_sql_probe (x int) ON COMMIT DROP").execute();
                // the temporary table is seen by the next statement of the transaction: the same connection
                return jdbc.sql("SELECT app_tenant() || ':' || :tenant || ':' || count(*) FROM tenant_sql_probe")
                        .single(rs -> rs.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seen).isEqualTo("codebooks:codebooks:0");
    }
}
