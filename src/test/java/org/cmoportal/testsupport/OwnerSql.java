package org.cmoportal.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.quarkus.agroal.runtime.AgroalDataSourceUtil;

/** Reads as the schema owner, who sees every tenant's rows: what was (not) stored, without row-level security in the way. */
public final class OwnerSql {

    private OwnerSql() {
    }

    public static DataSource owner() {
        return AgroalDataSourceUtil.dataSourceIfActive("migration").orElseThrow();
    }

    /** The first column of the first row, as a number (a count, an id). */
    public static long number(String sql, Object... params) {
        try (Connection c = owner().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
