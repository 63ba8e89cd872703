package org.cmoportal.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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
     * The standby's side of a check. {@code pg_last_xact_replay_timestamp()} alone overstates the lag of a standby
     * that is up to date while the primary is idle (the last transaction is old, yet nothing is missing), so the lag
     * is measured against the primary's positions instead (see {@link #lag}); the replay timestamp serves only until
     * there are enough of them. A server not in recovery (a primary named as the replica, as the tests do) has no lag
     * and no replay position.
     */
    private static final String CHECK = """
            SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
                   coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)""";

    /** The primary's position at one check: the standby is as far behind as the newest one it has not replayed. */
    private record Sample(long at, long lsn) {
    }

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
    javax.sql.DataSource primary;

    @Inject
    @DataSource("replica")
    Instance<AgroalDataSource> source;

    private final Map<Route, LongAdder> reads = new EnumMap<>(Route.class);
    private final LongAdder statements = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final Deque<Sample> samples = new ArrayDeque<>();
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
        long primaryAt = primaryPosition();
        try (Connection c = dataSource().getConnection(); PreparedStatement st = c.prepareStatement(CHECK)) {
            st.setQueryTimeout(2);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                boolean standby = rs.getBoolean(1);
                long replayed = standby ? lsn(rs.getString(2)) : -1;
                double lag = standby ? lag(now, primaryAt, replayed, rs.getDouble(3)) : 0;
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

    private long primaryPosition() {
        try (Connection c = primary.getConnection(); PreparedStatement st = c.prepareStatement("SELECT pg_current_wal_lsn()::text");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? lsn(rs.getString(1)) : -1;
        } catch (SQLException e) {
            return -1; // the primary's own trouble shows elsewhere; the standby is judged by its replay timestamp
        }
    }

    /**
     * The standby's lag in seconds: none when it has replayed the primary's position of this check; else the age of
     * the newest earlier position it has replayed (it is at most that far behind). When the samples do not reach back
     * far enough (just started), the age of the last replayed transaction, an upper bound.
     */
    private synchronized double lag(long now, long primaryAt, long replayed, double sinceLastReplayed) {
        if (primaryAt > 0) {
            samples.addFirst(new Sample(now, primaryAt));
            while (samples.size() > 2 + maxLag.toMillis() / Math.max(1, checkEvery.toMillis()) * 2) {
                samples.removeLast();
            }
        }
        if (primaryAt > 0 && replayed >= primaryAt) {
            return 0;
        }
        for (Sample sample : samples) {
            if (sample.lsn() <= replayed) {
                return (now - sample.at()) / 1e9;
            }
        }
        Sample oldest = samples.peekLast();
        double span = oldest == null ? 0 : (now - oldest.at()) / 1e9;
        return span * 1000 > maxLag.toMillis() ? span : sinceLastReplayed;
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
