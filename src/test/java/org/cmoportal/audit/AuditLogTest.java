package org.cmoportal.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.tenant.TenantSetup;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Writes leave hash-chained audit rows that nobody can change or remove, and a forged row is found. */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    TenantScope scope;

    @Inject
    TenantService tenants;

    @Inject
    PeriodService periods;

    @Inject
    EntityManager em;

    /** One audit row as the owner reads it. */
    record Row(long seq, String actor, String action, String objectId, String before, String after) {
    }

    @Test
    void openingAPeriodRecordsWhoDidWhat() {
        String label = Unique.name("audit");
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body("{\"label\": \"" + label + "\"}")
                .post("/api/v1/tenants/newsguild/periods").then().statusCode(201);

        List<Row> rows = rows("newsguild", label);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("nadia");
            assertThat(r.action()).isEqualTo("period.open");
            assertThat(r.before()).isNull();
            assertThat(r.after()).isEqualTo("{\"state\": \"OPEN\"}");
        });
        assertThat(scope.call("newsguild", audit::verify)).isEmpty();
    }

    @Test
    void renamingAMemberRecordsTheNameBeforeAndAfter() {
        String ref = Unique.name("renamed");
        String token = DevTokens.of("nadia");
        given().auth().oauth2(token).contentType("text/csv").body("ref,name\n" + ref + ",Old Name\n")
                .post("/api/v1/tenants/newsguild/members").then().statusCode(200);
        given().auth().oauth2(token).contentType("text/csv").body("ref,name\n" + ref + ",New Name\n")
                .post("/api/v1/tenants/newsguild/members").then().statusCode(200);

        assertThat(rows("newsguild", ref)).extracting(Row::action, Row::before, Row::after).containsExactly(
                tuple("member.add", null, "{\"name\": \"Old Name\"}"),
                tuple("member.update", "{\"name\": \"Old Name\"}", "{\"name\": \"New Name\"}"));
        assertThat(rows("newsguild", ref)).extracting(Row::actor).containsOnly("nadia");
        assertThat(scope.call("newsguild", audit::verify)).isEmpty();
    }

    @Test
    void creatingATenantIsRecordedInThePlatformChain() {
        String slug = createTenant();
        assertThat(rows(null, slug)).extracting(Row::action).containsExactly("tenant.create");
        assertThat(scope.call(null, audit::verify)).as("the platform chain").isEmpty();
    }

    @Test
    void theAppRoleCannotUpdateOrDeleteAuditRows() {
        for (String sql : List.of("UPDATE audit_event SET actor = 'mallory' WHERE tenant_id = 'newsguild'",
                "DELETE FROM audit_event WHERE tenant_id = 'newsguild'")) {
            assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery(sql).executeUpdate()))
                    .as(sql).rootCause().hasMessageContaining("permission denied");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild' AND actor = 'mallory'")).isZero();
    }

    @Test
    void evenTheOwnerCannotUpdateDeleteOrTruncateAuditRows() {
        long before = OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild'");
        assertThat(before).isPositive();
        for (String sql : List.of("UPDATE audit_event SET actor = 'mallory' WHERE tenant_id = 'newsguild'",
                "DELETE FROM audit_event WHERE tenant_id = 'newsguild'", "TRUNCATE audit_event")) {
            assertThatThrownBy(() -> OwnerSql.execute(sql)).as(sql).hasMessageContaining("audit_event is append-only");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild'")).isEqualTo(before);
    }

    @Test
    void aForgedRowBreaksTheChainAtItsSeq() throws SQLException {
        // A tenant of its own, so the forged row never troubles another test's chain.
        String slug = createTenant();
        scope.run(slug, () -> periods.open("2026-Q1"));
        scope.run(slug, () -> periods.open("2026-Q2"));
        assertThat(scope.call(slug, audit::verify)).isEmpty();

        try (Connection c = OwnerSql.owner().getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO audit_event (tenant_id, seq, at, actor, action, object_type, object_id, before, after, prev_hash, hash)
                SELECT tenant_id, seq + 1, now(), 'forger', 'period.open', 'period', '2026-Q9', NULL::jsonb, '{"state": "OPEN"}'::jsonb,
                       hash, repeat('ab', 32)
                FROM audit_event WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1""")) {
            st.setString(1, slug);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }

        Optional<AuditLog.ChainBreak> broken = scope.call(slug, audit::verify);
        assertThat(broken).get().satisfies(b -> {
            assertThat(b.seq()).isEqualTo(3);
            assertThat(b.reason()).contains("#3", "changed");
        });
    }

    private String createTenant() {
        String slug = Unique.name("audit");
        tenants.create(new TenantSetup(slug, "Audit Test CMO", "USD", "0.10", new TenantSetup.ShareBand("0.20", "0.50"),
                List.of(new TenantSetup.CategorySetup("news", "News", null))));
        return slug;
    }

    /** The audit rows about one object of one tenant (null: the platform chain), oldest first, read as the owner. */
    private List<Row> rows(String tenant, String objectId) {
        try (Connection c = OwnerSql.owner().getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT seq, actor, action, object_id, before::text, after::text FROM audit_event
                WHERE tenant_id IS NOT DISTINCT FROM ? AND object_id = ? ORDER BY seq""")) {
            st.setString(1, tenant);
            st.setString(2, objectId);
            ResultSet rs = st.executeQuery();
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
