package org.cmoportal.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Read-your-writes: a person who has just acted reads the primary until the replica has replayed what they wrote.
 *
 * <p>After every successful write (any method but GET, HEAD and OPTIONS answering below 400), while a replica is
 * configured, the primary's WAL position ({@code pg_current_wal_lsn()}, at or past the write's commit) is kept twice
 * for {@code cmo.replica.read-your-writes-for}: in a short-lived cookie, which follows a browser to any instance, and
 * by the person's name in this instance, for API clients that keep no cookies. {@link Replica} sends their reads to
 * the primary until the replica's replayed position reaches it; after the bound the cookie and the entry are gone.
 */
@ApplicationScoped
public class RecentWrites {

    static final String COOKIE = "cmo_written";

    private static final Logger LOG = Logger.getLogger(RecentWrites.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final int REMEMBERED = 100_000;

    private record Mark(long lsn, long until) {
    }

    @ConfigProperty(name = "cmo.replica.read-your-writes-for", defaultValue = "60s")
    Duration bound;

    @ConfigProperty(name = "cmo.replica.cookie-secure", defaultValue = "false")
    boolean secureCookie;

    @Inject
    Replica replica;

    @Inject
    DataSource primary;

    @Inject
    SecurityIdentity identity;

    private final Map<String, Mark> byPerson = new ConcurrentHashMap<>();

    @ServerResponseFilter
    public void afterWrite(ContainerRequestContext request, ContainerResponseContext response) {
        if (!replica.configured() || READS.contains(request.getMethod()) || response.getStatus() >= 400) {
            return;
        }
        long lsn = primaryPosition();
        if (lsn <= 0) {
            return;
        }
        response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(COOKIE).value(Long.toHexString(lsn))
                .path("/").maxAge((int) bound.toSeconds()).httpOnly(true).secure(secureCookie)
                .sameSite(NewCookie.SameSite.LAX).build());
        if (!identity.isAnonymous()) {
            if (byPerson.size() >= REMEMBERED) {
                long now = System.currentTimeMillis();
                byPerson.values().removeIf(m -> m.until() < now);
            }
            byPerson.put(identity.getPrincipal().getName(), new Mark(lsn, System.currentTimeMillis() + bound.toMillis()));
        }
    }

    private long primaryPosition() {
        try (Connection c = primary.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_current_wal_lsn()::text");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? Replica.lsn(rs.getString(1)) : -1;
        } catch (SQLException e) {
            // the write stands; without its position this person may read the replica's older rows for a moment
            LOG.warnf("could not read the primary's WAL position after a write: %s", e.getMessage());
            return -1;
        }
    }

    /** The current person's last write's WAL position within the bound, or 0. */
    long lastWrite() {
        if (!Arc.container().requestContext().isActive()) {
            return 0;
        }
        long fromCookie = 0;
        // a read called outside an HTTP request (a test, a job) has no cookie
        RoutingContext routing = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        Cookie cookie = routing == null ? null : routing.request().getCookie(COOKIE);
        if (cookie != null) {
            try {
                fromCookie = Long.parseUnsignedLong(cookie.getValue(), 16);
            } catch (NumberFormatException e) {
                // not ours: ignore it
            }
        }
        long known = 0;
        if (!identity.isAnonymous()) {
            Mark m = byPerson.get(identity.getPrincipal().getName());
            if (m != null && m.until() >= System.currentTimeMillis()) {
                known = m.lsn();
            }
        }
        return Math.max(fromCookie, known);
    }
}
