package org.cmoportal.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.agroal.runtime.AgroalDataSourceUtil;

/**
 * SQL as the schema owner, who sees every tenant's rows: what was (not) stored, without row-level security in the
 * way, and the few rows and faults fixtures write behind the application's back. Also the plain JDBC steps every
 * such test repeats (bind the arguments, read the first column), for any connection.
 */
public final class OwnerSql {

    private OwnerSql() {
    }

    /** The application's pool of owner connections (two at most: for reads and short writes, not for races). */
    public static DataSource owner() {
        return AgroalDataSourceUtil.dataSourceIfActive("migration").orElseThrow();
    }

    /** The first column of the first row, as a number (a count, an id), read through the owner's pool. */
    public static long number(String sql, Object... params) {
        try (Connection c = owner().getConnection()) {
            return number(c, sql, params);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Runs one statement through the owner's pool; a refusal by the database comes back with its message. */
    public static int execute(String sql, Object... params) {
        try (Connection c = owner().getConnection()) {
            return update(c, sql, params);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * A connection of its own as the owner (a superuser in tests), outside the pool: for tests that hold several
     * at once, keep one open across requests, or install faults.
     */
    public static Connection connect() throws SQLException {
        return connect(ownerUrl());
    }

    /** The same, to another database of the same server (made by the test, such as one migrated to an older version). */
    public static Connection connect(String url) throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(url, config.getValue("quarkus.datasource.migration.username", String.class),
                config.getValue("quarkus.datasource.migration.password", String.class));
    }

    /** The owner's JDBC URL, on {@code database} of the same server when it is given. */
    public static String ownerUrl(String database) {
        String url = ownerUrl();
        return database == null ? url : url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    }

    private static String ownerUrl() {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.datasource.migration.jdbc.url", String.class)
                .orElseGet(() -> config.getValue("quarkus.datasource.jdbc.url", String.class));
    }

    /** A connection of its own as the application's role, subject to row-level security (in {@code tenant}) and its grants. */
    public static Connection app(String tenant) throws SQLException {
        Config config = ConfigProvider.getConfig();
        Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
        try (PreparedStatement st = c.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            st.setString(1, tenant);
            st.execute();
        }
        return c;
    }

    /** {@code sql} with {@code args} bound in order. */
    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
        return st;
    }

    /** The first column of the first row, as a number (a count, an id, what {@code RETURNING id} gives). */
    public static long number(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row, as text. */
    public static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** Runs one statement and returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args)) {
            return st.executeUpdate();
        }
    }

    /** Keeps the database's own words in the message, so a test can assert on why a statement was refused. */
    private static IllegalStateException failed(String sql, SQLException e) {
        return new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
}
