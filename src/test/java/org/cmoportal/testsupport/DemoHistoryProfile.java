package org.cmoportal.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import org.cmoportal.devdb.EmbeddedPostgres;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The demo with its history ({@code cmo.demo-history=true}, as in dev), in a new database on the tests' PostgreSQL
 * server, migrated and loaded at start: the tests that look at the demo as a newcomer does, while every other test
 * keeps the bare demo it builds on. Each start of this profile gets a database of its own.
 */
public class DemoHistoryProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String server = Optional.ofNullable(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"))
                .or(() -> Optional.ofNullable(System.getProperty("quarkus.datasource.jdbc.url")))
                .orElseGet(() -> EmbeddedPostgres.jdbcUrl("test"));
        String database = "demo_history_" + System.nanoTime();
        // the driver itself, not DriverManager: this runs while JUnit discovers the tests, in a class loader whose
        // DriverManager does not see the PostgreSQL driver ("No suitable driver")
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", "postgres");
        login.setProperty("password", "postgres");
        try (Connection c = new org.postgresql.Driver().connect(server, login); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the demo history's database: " + e.getMessage(), e);
        }
        String url = server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        return Map.of("quarkus.datasource.jdbc.url", url, "%test.quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.migration.jdbc.url", url, "%test.quarkus.datasource.migration.jdbc.url", url,
                "cmo.demo-history", "true");
    }
}
