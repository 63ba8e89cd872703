package org.cmoportal.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jboss.logging.Logger;

/**
 * One read on the replica, held by the thread that runs it (a {@link ReadsReplica} call). Its connection is taken at
 * the first statement, read-only and outside the JTA transaction, and the tenant is bound on it with
 * {@code set_config('app.tenant_id', ..., true)} exactly as {@link RowLevelSecurity} does on the primary, again
 * whenever the read moves to another tenant ({@link TenantScope}). When the replica fails (no connection, the
 * connection lost, a query cancelled by a recovery conflict) the rest of the read goes to the primary.
 */
final class ReplicaRead implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplicaRead.class);

    private static final ThreadLocal<ReplicaRead> CURRENT = new ThreadLocal<>();

    private final Replica replica;
    private Connection connection;
    private String boundTenant;
    private boolean abandoned;

    private ReplicaRead(Replica replica) {
        this.replica = replica;
    }

    static ReplicaRead open(Replica replica) {
        ReplicaRead read = new ReplicaRead(replica);
        CURRENT.set(read);
        return read;
    }

    static ReplicaRead current() {
        return CURRENT.get();
    }

    /**
     * The replica connection with row-level security bound to {@code tenant} ("" for none), or null when this read
     * has moved to the primary.
     */
    Connection connection(String tenant) {
        if (abandoned) {
            return null;
        }
        try {
            if (connection == null) {
                connection = replica.dataSource().getConnection();
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            if (!tenant.equals(boundTenant)) {
                try (PreparedStatement st = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                    st.setString(1, tenant);
                    st.execute();
                }
                boundTenant = tenant;
            }
            replica.statementOnReplica();
            return connection;
        } catch (SQLException e) {
            abandon(e);
            return null;
        }
    }

    /**
     * Whether a statement's failure on the replica moves the read to the primary: the connection is gone or the
     * standby cancelled the query. Any other failure (a mistake in the statement, a write) is the caller's.
     */
    boolean abandonOn(SQLException e) {
        if (!replicaTrouble(e)) {
            return false;
        }
        abandon(e);
        return true;
    }

    static boolean replicaTrouble(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || "40001".equals(state);
    }

    private void abandon(SQLException e) {
        abandoned = true;
        replica.abandoned();
        replica.lost();
        LOG.debugf("read moved to the primary: %s", e.getMessage());
        closeConnection();
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        boundTenant = null;
        if (c == null) {
            return;
        }
        try {
            c.rollback(); // ends the read-only transaction, and with it the tenant setting
        } catch (SQLException e) {
            // a dead connection: closing it is all that is left
        }
        try {
            c.close();
        } catch (SQLException e) {
            // the pool drops it
        }
    }

    @Override
    public void close() {
        try {
            closeConnection();
        } finally {
            CURRENT.remove();
        }
    }
}
