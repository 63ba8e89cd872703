package org.cmoportal.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;

import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one way to run SQL that Panache does not: it binds the entered tenant as {@code :tenant} itself, refuses a
 * statement on a tenant table that does not name {@code tenant_id = :tenant}, and maps rows with a lambda.
 *
 * <p>Tenant tables are the tables under row-level security, read from the schema once. Statements run on the
 * transaction's connection (the one Hibernate uses, on which {@link RowLevelSecurity} has set the tenant), after
 * Hibernate has flushed its pending changes, as its own native queries did. Outside a transaction a statement gets
 * a pooled connection of its own, which row-level security shows no tenant's rows. Within a {@link ReadsReplica} read
 * the replica chose, statements run on the replica's connection, with the same tenant bound there ({@link ReplicaRead}).
 */
@ApplicationScoped
public class TenantSql {

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Takes rows one by one, for exports that must not hold every row in memory. */
    @FunctionalInterface
    public interface RowSink {
        void accept(ResultSet row) throws Exception;
    }

    /** Statements are constants, and a few built from constants: a bound on the cache only guards against a mistake. */
    private static final int CACHED = 2_000;

    @Inject
    DataSource dataSource;

    @Inject
    EntityManager em;

    @Inject
    TenantContext context;

    private final Map<String, Checked> checked = new ConcurrentHashMap<>();

    private volatile Set<String> tenantTables;

    /** A statement in the entered tenant; refused when no tenant is entered. */
    public Statement sql(String sql) {
        return new Statement(text(sql), requireTenant(), null);
    }

    /**
     * A statement that is platform-wide on purpose and may run outside any tenant (identity tables, the platform's
     * audit chain). {@code :tenant} is the entered tenant, or NULL when none is.
     */
    public Statement platform(String sql) {
        return new Statement(text(sql), currentTenant(), null);
    }

    /**
     * The transaction's connection with the tenant entered, for what only JDBC does (COPY into a temporary table);
     * its statements go through {@link Jdbc#sql} all the same. Close it when done: that hands it back to the
     * transaction, which keeps it open until the end.
     */
    public Jdbc jdbc() {
        String tenant = requireTenant();
        requireTransaction("a connection of the tenant");
        try {
            return new Jdbc(dataSource.getConnection(), tenant);
        } catch (SQLException e) {
            throw new PersistenceException("Could not get the transaction's connection: " + e.getMessage(), e);
        }
    }

    /**
     * Runs SQL work in a tenant this transaction was not entered in (the operator creating a tenant writes its first
     * rows), then returns to the transaction's own tenant. Row-level security and {@code :tenant} both follow; the
     * Hibernate session keeps the tenant it opened with, so the work uses SQL only.
     */
    public void within(String tenantId, Runnable work) {
        requireTransaction("entering another tenant");
        String previous = currentTenant();
        rowLevelSecurity(tenantId);
        context.set(tenantId);
        try {
            work.run();
        } finally {
            context.set(previous);
        }
        // only when the work succeeded: after a failure the transaction is rolled back, which forgets the setting
        rowLevelSecurity(previous == null ? "" : previous);
    }

    private void rowLevelSecurity(String tenantId) {
        platform("SELECT set_config('app.tenant_id', :id, true)").bind("id", tenantId).execute();
    }

    private String requireTenant() {
        String tenant = currentTenant();
        if (tenant == null) {
            throw new IllegalStateException("no tenant is entered: enter one (TenantAccess, TenantScope), or run a"
                    + " platform-wide statement with TenantSql.platform");
        }
        return tenant;
    }

    private String currentTenant() {
        try {
            return Arc.container().requestContext().isActive() && context.isSet() ? context.tenantId() : null;
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    private static void requireTransaction(String what) {
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException(what + " needs a transaction");
        }
    }

    /** The statement parsed and held to the tenant rule, and how it is planned; refused before it reaches the database. */
    private Checked text(String sql) {
        Checked known = checked.get(sql);
        if (known != null) {
            return known;
        }
        SqlText text = SqlText.parse(sql);
        Optional<String> breach = text.tenantRuleBreach(tenantTables());
        if (breach.isPresent()) {
            throw new IllegalStateException(breach.get());
        }
        Checked parsed = new Checked(text, partitioned());
        if (checked.size() < CACHED) {
            checked.put(sql, parsed);
        }
        return parsed;
    }

    /**
     * A statement as parsed and held to the tenant rule, with how it is planned ({@link Partitioned}), found once per
     * text rather than on every run: whether it is planned each time (it names a table partitioned by period), and
     * whether its tenant is written in (it names the ledger), with its texts per tenant as written, kept since the
     * statement page runs one on every request.
     */
    private static final class Checked {

        /** At most this many tenants' texts are kept per statement; past it a text is written for each run. */
        private static final int WRITTEN_TENANTS = 1_000;

        final SqlText text;
        final boolean plannedEachTime;
        /** null where the tenant is bound, not written in */
        private final Map<String, SqlText> written;

        Checked(SqlText text, Partitioned parts) {
            this.text = text;
            this.plannedEachTime = text.namesAny(parts.byPeriod());
            this.written = text.bindsTenant() && text.namesAny(parts.tenantFirst()) ? new ConcurrentHashMap<>() : null;
        }

        /** The text run in {@code tenant}: the tenant written in where it names the ledger (a platform statement has none). */
        SqlText in(String tenant) {
            if (written == null || tenant == null) {
                return text;
            }
            SqlText known = written.get(tenant);
            if (known == null) {
                known = text.withTenantWritten(literal(tenant));
                if (written.size() < WRITTEN_TENANTS) {
                    written.put(tenant, known);
                }
            }
            return known;
        }
    }

    Set<String> tenantTables() {
        Set<String> known = tenantTables;
        if (known == null) {
            known = readTenantTables();
            tenantTables = known;
        }
        return known;
    }

    /**
     * The partitioned tables (V30, V38, V47) and the views that read them, as the statements naming them are planned.
     * A prepared statement's cached generic plan names every partition of every tenant and period, and PostgreSQL 15
     * locks them all before it prunes any: a member's balance took 2,305 locks with fifty tenants, and 32 readers ran
     * out of lock memory (docs/performance.md, "Partitions"). So a statement naming a table partitioned by tenant first
     * (the ledger) has its tenant written in, and its plan, cached as any other, is made for that tenant's partitions
     * alone; one naming a table partitioned by period (usage, run lines) is planned with its values each time, never
     * cached, and pruned to the period's partitions while planned. (Planning the statement page's account each time
     * cost it 2.3 ms of PostgreSQL per request, against 0.35 with a cached plan: hence the tenant written in.)
     */
    record Partitioned(Set<String> tenantFirst, Set<String> byPeriod) {
    }

    private volatile Partitioned partitioned;

    Partitioned partitioned() {
        Partitioned known = partitioned;
        if (known == null) {
            known = readPartitioned();
            partitioned = known;
        }
        return known;
    }

    private Partitioned readPartitioned() {
        Set<String> tenantFirst = new HashSet<>();
        Set<String> byPeriod = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                WITH RECURSIVE over (oid, tenant_first) AS (
                    SELECT c.oid, a.attname = 'tenant_id' FROM pg_class c
                      JOIN pg_partitioned_table p ON p.partrelid = c.oid
                      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
                     WHERE c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition
                    UNION
                    -- a view's rule depends on what the view reads: views over those, and views over views
                    SELECT r.ev_class, o.tenant_first FROM pg_depend d
                      JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
                      JOIN over o ON d.refclassid = 'pg_class'::regclass AND d.refobjid = o.oid
                     WHERE r.ev_class <> o.oid)
                SELECT c.relname, bool_and(o.tenant_first) FROM over o JOIN pg_class c ON c.oid = o.oid GROUP BY c.relname""");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                (rs.getBoolean(2) ? tenantFirst : byPeriod).add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new PersistenceException("Could not read which tables are partitioned", e);
        }
        return new Partitioned(Set.copyOf(tenantFirst), Set.copyOf(byPeriod));
    }

    private Set<String> readTenantTables() {
        Set<String> tables = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT relname FROM pg_class c
                 WHERE relnamespace = current_schema()::regnamespace
                   -- a partition (V30) is reached only through its table, never named by a statement
                   AND NOT relispartition
                   AND (relkind IN ('r', 'p') AND relrowsecurity
                        -- a view over tenant tables read with the reader's rights (statement_line, V25) is one too
                        OR relkind = 'v' AND 'security_invoker=true' = ANY (coalesce(reloptions, '{}'))
                           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'))""");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new PersistenceException("Could not read which tables are under row-level security", e);
        }
        if (tables.isEmpty()) {
            // fail closed: an empty list would let every statement through unchecked
            throw new IllegalStateException("no table is under row-level security; has the schema been migrated?");
        }
        return Set.copyOf(tables);
    }

    /** Gives Hibernate's pending changes to the database first, as a native query through Hibernate does. */
    private void flush() {
        if (QuarkusTransaction.getStatus() == Status.STATUS_ACTIVE) {
            em.flush();
        }
    }

    /** One statement: its parameters, then one of list, one, single, update, execute or stream. */
    public final class Statement {

        private final Checked checked;
        private final SqlText text;
        private final String tenant;
        private final Connection connection;
        private final Map<String, Object> named = new HashMap<>();
        private Object[] positional = new Object[0];
        private int timeoutSeconds;
        private boolean rowsDelivered;

        private Statement(Checked checked, String tenant, Connection connection) {
            this.checked = checked;
            this.text = checked.text;
            this.tenant = tenant;
            this.connection = connection;
        }

        /** The value of {@code :name}; {@code :tenant} is bound by the helper, never by the caller. */
        public Statement bind(String name, Object value) {
            if (SqlText.TENANT.equals(name)) {
                throw new IllegalArgumentException(":tenant is the entered tenant; it cannot be given");
            }
            if (!text.parameters().contains(name)) {
                throw new IllegalArgumentException("the statement has no parameter :" + name + ": " + text.sql().strip());
            }
            named.put(name, value);
            return this;
        }

        /** The values of the statement's {@code ?}, in order. */
        public Statement args(Object... values) {
            positional = values.clone();
            return this;
        }

        /** Lets PostgreSQL cancel the statement after this many seconds (for work with a deadline of its own). */
        public Statement timeout(int seconds) {
            timeoutSeconds = seconds;
            return this;
        }

        public <T> List<T> list(RowMapper<T> mapper) {
            return run(st -> {
                try (ResultSet rs = st.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            });
        }

        /** The first row, if any. */
        public <T> Optional<T> one(RowMapper<T> mapper) {
            return run(st -> {
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
                }
            });
        }

        /** The first row of a statement that always has one (an aggregate, a row locked by id). */
        public <T> T single(RowMapper<T> mapper) {
            return one(mapper).orElseThrow(() -> new IllegalStateException("no row: " + text.sql().strip()));
        }

        /** Runs an INSERT, UPDATE or DELETE; returns the number of rows. */
        public int update() {
            return run(PreparedStatement::executeUpdate);
        }

        /** Runs any statement and drops its result (a lock, a setting, a temporary table). */
        public void execute() {
            run(PreparedStatement::execute);
        }

        /** Passes the rows to {@code sink} as they arrive, in batches (the transaction keeps the cursor open). */
        public void stream(RowSink sink) {
            run(st -> {
                st.setFetchSize(2_000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rowsDelivered = true;
                        sink.accept(rs);
                    }
                }
                return null;
            });
        }

        private <T> T run(Work<T> work) {
            flush();
            try {
                ReplicaRead read = connection == null ? ReplicaRead.current() : null;
                Connection replica = read == null ? null : read.connection(tenant == null ? "" : tenant);
                if (replica != null) {
                    try (PreparedStatement st = prepare(replica)) {
                        return work.on(st);
                    } catch (SQLException e) {
                        // rows already handed on cannot be taken back: only a read that has not started moves
                        if (rowsDelivered || !read.abandonOn(e)) {
                            throw e;
                        }
                    }
                }
                if (connection != null) {
                    try (PreparedStatement st = prepare(connection)) {
                        return work.on(st);
                    }
                }
                try (Connection c = dataSource.getConnection(); PreparedStatement st = prepare(c)) {
                    return work.on(st);
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new PersistenceException("SQL failed: " + e.getMessage(), e);
            }
        }

        private PreparedStatement prepare(Connection c) throws SQLException {
            long expected = text.parameters().stream().filter(p -> p == null).count();
            if (expected != positional.length) {
                throw new IllegalArgumentException("the statement has " + expected + " ? but was given " + positional.length
                        + " values: " + text.sql().strip());
            }
            // a plan for the tenant's partitions alone (Partitioned says why)
            SqlText run = checked.in(tenant);
            List<String> parameters = run.parameters();
            PreparedStatement st = c.prepareStatement(run.jdbc());
            try {
                if (checked.plannedEachTime) {
                    // never a named server-side statement, so never a cached generic plan
                    st.unwrap(PGStatement.class).setPrepareThreshold(0);
                }
                if (timeoutSeconds > 0) {
                    st.setQueryTimeout(timeoutSeconds);
                }
                int next = 0;
                for (int i = 0; i < parameters.size(); i++) {
                    String name = parameters.get(i);
                    if (name == null) {
                        set(st, i + 1, positional[next++]);
                    } else if (SqlText.TENANT.equals(name)) {
                        st.setString(i + 1, tenant); // typed, so a platform statement's NULL compares as text
                    } else if (named.containsKey(name)) {
                        set(st, i + 1, named.get(name));
                    } else {
                        throw new IllegalArgumentException("no value for :" + name + ": " + text.sql().strip());
                    }
                }
                return st;
            } catch (SQLException | RuntimeException e) {
                st.close();
                throw e;
            }
        }
    }

    private static void set(PreparedStatement st, int index, Object value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.OTHER); // the database infers the type from where the value goes
        } else if (value instanceof Instant instant) {
            st.setTimestamp(index, Timestamp.from(instant));
        } else {
            st.setObject(index, value);
        }
    }

    /** A value written into a statement as a literal (COPY takes no parameters); text only inside quotes. */
    static String literal(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof String text) {
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("text with a NUL character cannot be a literal");
            }
            // an E'' string reads backslashes as escapes whatever standard_conforming_strings says: double them there
            return text.indexOf('\\') < 0 ? "'" + text.replace("'", "''") + "'"
                    : "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
        }
        throw new IllegalArgumentException("no literal for a " + value.getClass().getSimpleName() + ": give a number, a boolean or text");
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(PreparedStatement st) throws Exception;
    }

    /** The transaction's connection in the entered tenant (see {@link TenantSql#jdbc}). */
    public final class Jdbc implements AutoCloseable {

        private final Connection connection;
        private final String tenant;

        private Jdbc(Connection connection, String tenant) {
            this.connection = connection;
            this.tenant = tenant;
        }

        /** The connection itself, for COPY; every other statement goes through {@link #sql}. */
        public Connection connection() {
            return connection;
        }

        /** A statement on this connection, held to the same rule and given the same {@code :tenant}. */
        public Statement sql(String sql) {
            return new Statement(text(sql), tenant, connection);
        }

        /**
         * {@code COPY (query) TO STDOUT} in COPY's text format, one row per {@link CopyOut#readFromCopy()}. The query is
         * held to the tenant rule as any statement. COPY takes no bind parameters, so {@code :tenant} and the
         * {@code values} of the other {@code :name}s are written into it as SQL literals: numbers and booleans as
         * they are, text quoted with its quotes doubled (and with a backslash, as an {@code E''} string with
         * the backslashes doubled too). Read it to the end or {@link CopyOut#cancelCopy()} it before the connection's next statement.
         */
        public CopyOut copyOut(String query, Map<String, ?> values) {
            SqlText parsed = text(query).text;
            List<String> literals = new ArrayList<>(parsed.parameters().size());
            for (String name : parsed.parameters()) {
                if (name == null) {
                    throw new IllegalArgumentException("COPY takes named parameters only: " + query.strip());
                }
                Object value = SqlText.TENANT.equals(name) ? tenant : values.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no value for :" + name + ": " + query.strip());
                }
                literals.add(literal(value));
            }
            flush();
            try {
                return copyApi().copyOut("COPY (" + parsed.withLiterals(literals) + ") TO STDOUT");
            } catch (SQLException e) {
                throw new PersistenceException("COPY failed: " + e.getMessage(), e);
            }
        }

        /**
         * {@code COPY table (columns) FROM STDIN} in COPY's text format, into a table of this transaction's own (a
         * temporary table): PostgreSQL refuses COPY FROM into a table under row-level security, so rows for a tenant
         * table are copied into a temporary one and inserted from there with {@code :tenant}, as intake does.
         * {@link CopyIn#endCopy()} it, or {@link CopyIn#cancelCopy()} it on failure.
         */
        public CopyIn copyIn(String table, List<String> columns) {
            return copyIn(table, columns, "");
        }

        /**
         * {@link #copyIn(String, List)} into a table made in this transaction (one that a SECURITY DEFINER function
         * made for it, with no row-level security yet): {@code FREEZE} writes the rows frozen, so that nothing has to
         * visit them again to set their hint bits or freeze them. PostgreSQL refuses FREEZE for any other table.
         */
        public CopyIn copyInFresh(String table, List<String> columns) {
            return copyIn(table, columns, " WITH (FREEZE)");
        }

        private CopyIn copyIn(String table, List<String> columns, String options) {
            if (!table.matches("[a-z_][a-z0-9_]*") || columns.stream().anyMatch(c -> !c.matches("[a-z_][a-z0-9_]*"))) {
                throw new IllegalArgumentException("COPY names a table and its columns, plain lower-case names: " + table + columns);
            }
            if (tenantTables().contains(table)) {
                throw new IllegalStateException("COPY FROM into the tenant table " + table + " is refused under row-level security;"
                        + " copy into a temporary table and insert from it with :tenant");
            }
            flush();
            try {
                return copyApi().copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN" + options);
            } catch (SQLException e) {
                throw new PersistenceException("COPY failed: " + e.getMessage(), e);
            }
        }

        private org.postgresql.copy.CopyManager copyApi() throws SQLException {
            return connection.unwrap(PGConnection.class).getCopyAPI();
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
