package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

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
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition AND EXISTS (
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

    @Test
    void copyOutRunsTheQueryInTheTenantWithItsValuesWrittenInAsLiterals() {
        List<String> rows = scope.call("newsguild", () -> {
            try (TenantSql.Jdbc jdbc = sql.jdbc()) {
                CopyOut copy = jdbc.copyOut("SELECT :tenant, :text, :number, count(*) >= 0 FROM member WHERE tenant_id = :tenant",
                        Map.of("text", "it's a \\ back'slash", "number", 42L));
                List<String> out = new ArrayList<>();
                for (byte[] row; (row = copy.readFromCopy()) != null; ) {
                    out.add(new String(row, StandardCharsets.UTF_8));
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // COPY's text format doubles the backslash the value holds
        assertThat(rows).containsExactly("newsguild\tit's a \\\\ back'slash\t42\tt\n");
    }

    @Test
    void copyOutIsHeldToTheTenantRule() {
        assertThatThrownBy(() -> scope.call("newsguild", () -> {
            try (TenantSql.Jdbc jdbc = sql.jdbc()) {
                return jdbc.copyOut("SELECT ref FROM member", Map.of());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).hasMessageContaining("does not name tenant_id = :tenant");
    }

    @Test
    void copyInGoesIntoATemporaryTableNeverIntoATenantTable() {
        long copied = scope.call("newsguild", () -> {
            try (TenantSql.Jdbc jdbc = sql.jdbc()) {
                assertThatThrownBy(() -> jdbc.copyIn("member", List.of("tenant_id", "ref", "name")))
                        .hasMessageContaining("refused under row-level security");
                jdbc.sql("CREATE TEMP TABLE tenant_sql_copy (ref text, units bigint) ON COMMIT DROP").execute();
                CopyIn copy = jdbc.copyIn("tenant_sql_copy", List.of("ref", "units"));
                // COPY's text format writes the backslash twice
                byte[] rows = "a\\\\b\t1\nzo\u00eb\t2\n".getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(rows, 0, rows.length);
                copy.endCopy();
                return jdbc.sql("SELECT sum(units) FROM tenant_sql_copy WHERE ref IN ('a\\b', 'zo\u00eb')").single(rs -> rs.getLong(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(copied).isEqualTo(3);
    }
}
