package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * V9 keeps what statements published before it showed: in a database of its own, a distributed period is written
 * with the schema before V9, then V9 fills the statement's member name and fee rate and each published filing's
 * builder, model and standing attestation from the values of that moment.
 */
@QuarkusTest
class StatementSnapshotMigrationTest {

    static final MigrationVersion SNAPSHOTS = MigrationVersion.fromVersion("9");

    @Test
    void statementsPublishedBeforeTheSnapshotsAreFilledFromTheValuesOfTheirMoment() throws SQLException {
        String database = "snapshot_" + System.nanoTime();
        try (Connection admin = OwnerSql.connect(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try {
            String url = OwnerSql.ownerUrl(database);
            Flyway before = flyway(url, null);
            MigrationVersion last = java.util.Arrays.stream(before.info().all()).map(MigrationInfo::getVersion)
                    .filter(v -> v != null && v.compareTo(SNAPSHOTS) < 0).max(MigrationVersion::compareTo).orElseThrow();
            flyway(url, last).migrate();
            try (Connection c = OwnerSql.connect(url)) {
                published(c);
            }
            flyway(url, null).migrate();
            try (Connection c = OwnerSql.connect(url)) {
                assertThat(rows(c, "SELECT member_ref, member_name, admin_fee_rate::text FROM statement ORDER BY member_ref"))
                        .containsExactly(List.of("ada", "Ada Lovelace", "0.125000"), List.of("ben", "Ben Okri", "0.125000"));
                assertThat(rows(c, "SELECT model, builder_name, coalesce(attested_by, '-'), coalesce(attestation_reference, '-')"
                        + " FROM published_filing ORDER BY model"))
                        .containsExactly(List.of("m-attested", "Acme AI", "Example Evals, Second Evals", "r-1, r-2"),
                                List.of("m-plain", "Acme AI", "-", "-"));
                // what was published stays as it is, for the owner too
                assertThatThrownBy(() -> c.createStatement().execute("UPDATE statement SET member_name = 'x'"))
                        .hasMessageContaining("published and cannot be changed");
                assertThatThrownBy(() -> c.createStatement().execute("UPDATE published_filing SET model = 'x'"))
                        .hasMessageContaining("published and cannot be changed");
                assertThat(rows(c, "SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'cmo_app'"
                        + " AND table_name = 'published_filing' ORDER BY privilege_type"))
                        .containsExactly(List.of("INSERT"), List.of("SELECT"));
            }
        } finally {
            try (Connection admin = OwnerSql.connect(); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /**
     * A distributed period: two accepted filings (one attested by two trusted evaluators, besides a voided
     * attestation, one for other content and one by an evaluator the CMO does not trust), a rejected filing,
     * and statements for two members.
     */
    private static void published(Connection c) throws SQLException {
        OwnerSql.update(c, "INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES ('cmo', 'CMO', 'USD', 0.125)");
        OwnerSql.update(c, "INSERT INTO member (tenant_id, ref, name) VALUES ('cmo', 'ada', 'Ada Lovelace'), ('cmo', 'ben', 'Ben Okri')");
        long builder = OwnerSql.number(c, "INSERT INTO builder_org (slug, name) VALUES ('acme-ai', 'Acme AI') RETURNING id");
        long example = OwnerSql.number(c, "INSERT INTO evaluator_org (slug, name) VALUES ('example-evals', 'Example Evals') RETURNING id");
        long second = OwnerSql.number(c, "INSERT INTO evaluator_org (slug, name) VALUES ('second-evals', 'Second Evals') RETURNING id");
        long untrusted = OwnerSql.number(c, "INSERT INTO evaluator_org (slug, name) VALUES ('other-evals', 'Other Evals') RETURNING id");
        OwnerSql.update(c, "INSERT INTO evaluator_trust (tenant_id, evaluator_id, granted_by) VALUES ('cmo', ?, 'nadia'), ('cmo', ?, 'nadia')",
                example, second);
        long period = OwnerSql.number(c, "INSERT INTO period (tenant_id, label, state, opened_by, calculated_by, approved_by, distributed_by)"
                + " VALUES ('cmo', '2026-Q1', 'DISTRIBUTED', 'nadia', 'nadia', 'noah', 'nadia') RETURNING id");
        long attested = filing(c, period, builder, "m-attested", "ACCEPTED", "a");
        long plain = filing(c, period, builder, "m-plain", "ACCEPTED", "b");
        filing(c, period, builder, "m-rejected", "REJECTED", "c");
        attestation(c, attested, example, "a", "r-1", false);
        attestation(c, attested, second, "a", "r-2", false);
        attestation(c, attested, example, "a", "r-voided", true);
        attestation(c, attested, untrusted, "a", "r-untrusted", false);
        attestation(c, plain, example, "f", "r-other-content", false);
        long run = OwnerSql.number(c, "INSERT INTO distribution_run (tenant_id, period_id, status, calculated_by, tenant_gross, fees, paid, suspense)"
                + " VALUES ('cmo', ?, 'DISTRIBUTED', 'nadia', 10, 2, 8, 0) RETURNING id", period);
        for (String ref : List.of("ada", "ben")) {
            long statement = OwnerSql.number(c, "INSERT INTO statement (tenant_id, period_id, run_id, member_ref, total) VALUES ('cmo', ?, ?, ?, 4)"
                    + " RETURNING id", period, run, ref);
            OwnerSql.update(c, "INSERT INTO statement_line (statement_id, tenant_id, filing_id, builder_name, model, category_key, units,"
                    + " category_units, amount) VALUES (?, 'cmo', ?, 'Acme AI', 'm-attested', 'news', 1, 2, 4)", statement, attested);
        }
    }

    private static long filing(Connection c, long period, long builder, String model, String status, String content)
            throws SQLException {
        return Filings.raw("cmo", period, builder, model).status(status).content(content.repeat(64))
                .stored(100, 0, 0, "0.1", 100, 10, 5).insert(c).id();
    }

    private static void attestation(Connection c, long filing, long evaluator, String content, String report, boolean voided)
            throws SQLException {
        OwnerSql.update(c, "INSERT INTO attestation (tenant_id, filing_id, evaluator_id, filing_sha256, verified_share, verified_mixture,"
                + " verified_operating_profit, method, report_reference, evidence_sha256, attested_by, voided_at, void_reason)"
                + " VALUES ('cmo', ?, ?, ?, false, false, true, 'fit', ?, ?, 'eva', " + (voided ? "now(), 'resubmitted'" : "NULL, NULL") + ")",
                filing, evaluator, content.repeat(64), report, "e".repeat(64));
    }

    private static Flyway flyway(String url, MigrationVersion target) {
        var config = ConfigProvider.getConfig();
        var configure = Flyway.configure()
                .dataSource(url, config.getValue("quarkus.datasource.migration.username", String.class),
                        config.getValue("quarkus.datasource.migration.password", String.class))
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", config.getValue("quarkus.flyway.migration.placeholders.appRole", String.class),
                        "appPassword", config.getValue("cmo.app-password", String.class)));
        return (target == null ? configure : configure.target(target)).load();
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
