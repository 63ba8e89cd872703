package org.cmoportal.statement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Plain SQL reads in the caller's transaction (the data source hands out the transaction's connection,
 * on which row-level security already knows the tenant). Statements are read-only data published by the
 * distribution, so a few joins in SQL are clearer and faster here than entities.
 */
@ApplicationScoped
public class Rows {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Consumes rows one by one (for exports that must not hold every row in memory). */
    @FunctionalInterface
    public interface Sink {
        void accept(ResultSet rs) throws Exception;
    }

    @Inject
    DataSource dataSource;

    public <T> List<T> list(String sql, Mapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = prepare(c, sql, args);
                ResultSet rs = st.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read statements: " + e.getMessage(), e);
        }
    }

    public <T> Optional<T> one(String sql, Mapper<T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Streams the rows in batches (the transaction keeps the cursor open). */
    public void stream(String sql, Sink sink, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = prepare(c, sql, args)) {
            st.setFetchSize(2_000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not read statements: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
        return st;
    }
}
