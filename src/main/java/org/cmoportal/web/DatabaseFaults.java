package org.cmoportal.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Failures that are the database's state, not the request's: the server is restarting or unreachable (the
 * request may simply be repeated in a moment), or it has no space left to write (nothing was stored; an operator
 * must make room). Read from the exception's causes, wherever the driver, the pool, Hibernate or the transaction
 * manager wrapped them.
 */
public final class DatabaseFaults {

    /** What the database's failure means for the person or program asking. */
    public enum Fault {
        /** Connections refused or dropped, the server shutting down or starting up, no connection to be had: 503. */
        UNAVAILABLE,
        /** The server's disk or the temporary space it may use is full: 507, nothing was stored. */
        STORAGE_FULL
    }

    private DatabaseFaults() {
    }

    public static Optional<Fault> of(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 50; t = t.getCause() == t ? null : t.getCause(), depth++) {
            Optional<Fault> fault = one(t);
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    private static Optional<Fault> one(Throwable t) {
        if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
            return Optional.of(Fault.UNAVAILABLE);
        }
        if (!(t instanceof SQLException s)) {
            return Optional.empty();
        }
        String state = s.getSQLState();
        if (state == null) {
            // the pool (Agroal) says it had no connection to give within its acquisition timeout without a SQLSTATE
            String message = s.getMessage();
            return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")
                    ? Optional.of(Fault.UNAVAILABLE) : Optional.empty();
        }
        return switch (state) {
            // disk_full; configuration_limit_exceeded, which is what temp_file_limit raises when the temporary
            // space an upload's staging or aggregation may use is exhausted
            case "53100", "53400" -> Optional.of(Fault.STORAGE_FULL);
            // out_of_memory, too_many_connections, admin_shutdown, crash_shutdown, cannot_connect_now (starting up)
            case "53200", "53300", "57P01", "57P02", "57P03" -> Optional.of(Fault.UNAVAILABLE);
            default -> state.startsWith("08") ? Optional.of(Fault.UNAVAILABLE) : Optional.empty();
        };
    }
}
