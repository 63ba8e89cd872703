package org.cmoportal.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * The read replica (a PostgreSQL hot standby) as {@link ReplicaRouting} sees it: whether one is configured, whether
 * it answers, how far behind the primary it is and how far it has replayed. Checked at most once per
 * {@code cmo.replica.check-every} by one request, which the others do not wait for; they use the last answer.
 *
 * <p>Not configured ({@code quarkus.datasource.replica.jdbc.url}, or {@code CMO_REPLICA_JDBC_URL}, empty), every
 * read goes to the primary as it always did. The counts are the metric of where reads went; a change of state is
 * logged once.
 */
@ApplicationScoped
public class Replica {

    private static final Logger LOG = Logger.getLogger(Replica.class);

    /** Where a {@link ReadsReplica} read went, and why not to the replica. */
    public enum Route { REPLICA, PRIMARY_NOT_CONFIGURED, PRIMARY_AFTER_WRITE, PRIMARY_UNREACHABLE, PRIMARY_LAGGING }

    /**
     * Lag is the age of the last transaction replayed, except when the standby has replayed all it received: an idle
     * primary sends nothing, and a standby that is up to date must not look minutes behind. A server that is not in
     * recovery (a primary named as the replica, as the tests do) has no lag and no replay position.
     */
    private static final String CHECK = """
            SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                        ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END""";

    /** The last check: fit or not (and why), the lag in seconds, the position replayed (-1 when unknown). */
    record State(Route route, String why, double lagSeconds, long replayed, long checkedAt) {
    }

    @ConfigProperty(name = "quarkus.datasource.replica.jdbc.url")
    Optional<String> url;

    @ConfigProperty(name = "cmo.replica.max-lag", defaultValue = "5s")
    Duration maxLag;

    @ConfigProperty(name = "cmo.replica.check-every", defaultValue = "1s")
    Duration checkEvery;

    @Inject
    @DataSource("replica")
    Instance<AgroalDataSource> source;

    private final Map<Route, LongAdder> reads = new EnumMap<>(Route.class);
    private final LongAdder statements = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile State state = new State(Route.PRIMARY_UNREACHABLE, "not checked yet", 0, -1, 0);
    private volatile AgroalDataSource dataSource;

    public Replica() {
        for (Route r : Route.values()) {
            reads.put(r, new LongAdder());
        }
    }

    public boolean configured() {
        return url.filter(u -> !u.isBlank()).isPresent();
    }

    /** Where a read that starts now goes; {@code written} is the person's last write's WAL position (0: none known). */
    Route choose(long written) {
        Route route;
        if (!configured()) {
            route = Route.PRIMARY_NOT_CONFIGURED;
        } else {
            State s = current();
            if (s.route() != Route.REPLICA) {
                route = s.route();
            } else if (written > 0 && s.replayed() < written) {
                // the replica has not shown it replayed the person's write (a server not in recovery never does)
                route = Route.PRIMARY_AFTER_WRITE;
            } else {
                route = Route.REPLICA;
            }
        }
        reads.get(route).increment();
        return route;
    }

    private State current() {
        State s = state;
        if (System.nanoTime() - s.checkedAt() < checkEvery.toNanos() && s.checkedAt() != 0) {
            return s;
        }
        if (!checking.compareAndSet(false, true)) {
            return s; // another request is checking: the last answer will do
        }
        try {
            State next = check();
            state = next;
            if (next.route() != s.route()) {
                if (next.route() == Route.REPLICA) {
                    LOG.infof("read replica in use (lag %.1f s)", next.lagSeconds());
                } else {
                    LOG.warnf("read replica not used, reads go to the primary: %s", next.why());
                }
            }
            return next;
        } finally {
            checking.set(false);
        }
    }

    private State check() {
        long now = System.nanoTime();
        try (Connection c = dataSource().getConnection(); PreparedStatement st = c.prepareStatement(CHECK)) {
            st.setQueryTimeout(2);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long replayed = rs.getBoolean(1) ? lsn(rs.getString(2)) : -1;
                double lag = rs.getDouble(3);
                if (lag * 1000 > maxLag.toMillis()) {
                    return new State(Route.PRIMARY_LAGGING, String.format("lagging %.1f s behind (bound %s)", lag, maxLag), lag,
                            replayed, now);
                }
                return new State(Route.REPLICA, "fit", lag, replayed, now);
            }
        } catch (SQLException | RuntimeException e) {
            dropConnections();
            return new State(Route.PRIMARY_UNREACHABLE, "unreachable: " + e.getMessage(), 0, -1, now);
        }
    }

    /** The replica's pool, once it is known to be configured (an unconfigured data source is inactive: never touch it). */
    AgroalDataSource dataSource() {
        AgroalDataSource ds = dataSource;
        if (ds == null) {
            ds = source.get();
            dataSource = ds;
        }
        return ds;
    }

    /**
     * A replica connection failed: the standby stopped or restarted. Its pooled connections are dead; drop them, and
     * make the next read check again rather than trust the last answer.
     */
    void lost() {
        State s = state;
        if (s.route() == Route.REPLICA) {
            state = new State(Route.PRIMARY_UNREACHABLE, "a connection failed", 0, -1, System.nanoTime());
            LOG.warn("read replica not used, reads go to the primary: a connection failed");
        }
        dropConnections();
    }

    private void dropConnections() {
        try {
            if (dataSource != null) {
                dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
            }
        } catch (RuntimeException e) {
            // nothing to drop
        }
    }

    void statementOnReplica() {
        statements.increment();
    }

    void abandoned() {
        abandoned.increment();
    }

    /** A WAL position as PostgreSQL writes it ({@code 16/B374D848}) as one number, for comparing. */
    static long lsn(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    /** The figures: reads by route, statements run on the replica, reads moved to the primary half-way. */
    public Figures figures() {
        Map<Route, Long> byRoute = new EnumMap<>(Route.class);
        reads.forEach((r, n) -> byRoute.put(r, n.sum()));
        State s = state;
        return new Figures(configured(), s.route(), s.why(), s.lagSeconds(), Map.copyOf(byRoute), statements.sum(), abandoned.sum());
    }

    /** What {@link #figures()} answers (the readiness check shows it). */
    public record Figures(boolean configured, Route state, String why, double lagSeconds, Map<Route, Long> reads,
            long replicaStatements, long movedToPrimary) {
    }
}
