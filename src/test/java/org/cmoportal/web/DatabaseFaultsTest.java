package org.cmoportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.cmoportal.web.DatabaseFaults.Fault;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

import io.quarkus.arc.ArcUndeclaredThrowableException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The database's faults, as the driver, the pool, Hibernate and the transaction manager report them, become a 503 to
 * retry (the database is away) or a 507 (no space left), for the API and for people, never a 500 with a trace.
 * The live faults (a connection cut mid-upload, a full disk) are in {@code filing/UploadFaultsTest}; a PostgreSQL
 * restarted under load in {@code ops/faults.sh}, since the suite's shared database cannot be restarted under it.
 */
@QuarkusTest
class DatabaseFaultsTest {

    /** An error as the server sends it: severity, SQLSTATE and message. */
    private static PSQLException psql(String message, String state) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"));
    }

    @Test
    void connectionFailuresAreTheDatabaseBeingAway() {
        // the server down: the driver cannot connect (08001), wrapped by Hibernate as it opens the session
        PSQLException refused = new PSQLException("Connection to 127.0.0.1:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));
        assertThat(DatabaseFaults.of(new JDBCConnectionException("Unable to acquire JDBC Connection", refused))).contains(Fault.UNAVAILABLE);
        // a pooled connection the server dropped (08006), found at commit and wrapped by the transaction manager and ArC
        RollbackException atCommit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        atCommit.initCause(new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE));
        assertThat(DatabaseFaults.of(new ArcUndeclaredThrowableException(atCommit))).contains(Fault.UNAVAILABLE);
        // the pool had no connection to give within its acquisition timeout (Agroal says so without a SQLSTATE)
        assertThat(DatabaseFaults.of(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("Sorry, acquisition timeout!")))).contains(Fault.UNAVAILABLE);
        assertThat(DatabaseFaults.of(new SQLTransientConnectionException("no connection"))).contains(Fault.UNAVAILABLE);
        // the server shutting down (admin_shutdown, crash_shutdown) or still starting (cannot_connect_now)
        for (String state : new String[] {"57P01", "57P02", "57P03", "53300", "53200", "08003", "08P01"}) {
            assertThat(DatabaseFaults.of(new RuntimeException(psql("server says " + state, state)))).as(state).contains(Fault.UNAVAILABLE);
        }
    }

    @Test
    void noSpaceLeftIsStorageFull() {
        assertThat(DatabaseFaults.of(new GenericJDBCException("could not execute statement",
                psql("could not extend file \"base/16384/16400\": No space left on device", "53100")))).contains(Fault.STORAGE_FULL);
        assertThat(DatabaseFaults.of(psql("temporary file size exceeds temp_file_limit (1024kB)", "53400"))).contains(Fault.STORAGE_FULL);
    }

    @Test
    void otherFailuresAreNotTheDatabaseBeingAway() {
        assertThat(DatabaseFaults.of(new RuntimeException(psql("duplicate key value", "23505")))).isEmpty();
        assertThat(DatabaseFaults.of(psql("canceling statement due to statement timeout", "57014"))).isEmpty();
        assertThat(DatabaseFaults.of(new SQLException("something else"))).isEmpty();
        assertThat(DatabaseFaults.of(new IllegalStateException("a bug"))).isEmpty();
        // a cause chain that loops back on itself ends
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseFaults.of(a)).isEmpty();
    }

    private static UriInfo path(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getPath") ? path : null);
    }

    @Test
    void theApiGetsAProblemToRetryAfterAFewSeconds() {
        Response r = ErrorMapper.databaseFault(Fault.UNAVAILABLE, new JDBCConnectionException("x", psql("refused", "08001")),
                path("/api/v1/tenants/newsguild/periods"));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) r.getEntity();
        assertThat(body).containsEntry("status", 503).containsEntry("code", "unavailable").containsEntry("title", "Briefly unavailable");
        assertThat((String) body.get("detail")).contains("briefly unavailable", "Nothing was saved", "Try again in a few seconds");

        Response full = ErrorMapper.databaseFault(Fault.STORAGE_FULL, psql("No space left on device", "53100"),
                path("/api/v1/tenants/newsguild/periods/2026-Q3/filings"));
        assertThat(full.getStatus()).isEqualTo(507);
        assertThat(full.getHeaderString("Retry-After")).isNull();
        assertThat(full.getHeaderString("Connection")).isEqualTo("close");
        @SuppressWarnings("unchecked")
        Map<String, Object> fullBody = (Map<String, Object>) full.getEntity();
        assertThat(fullBody).containsEntry("code", "storage-full");
        assertThat((String) fullBody.get("detail")).contains("nothing of it was stored");
    }

    @Test
    void peopleGetAPageThatNeedsNoDatabase() {
        Response r = ErrorMapper.databaseFault(Fault.UNAVAILABLE, psql("terminating connection due to administrator command", "57P01"),
                path("/t/newsguild/statements/42"));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getMediaType().toString()).startsWith("text/html");
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        String page = ((TemplateInstance) r.getEntity()).render();
        assertThat(page).contains("<h1>Briefly unavailable</h1>", "Try again in a few seconds", "Error 503", "<html lang=\"en\">")
                .doesNotContain("PSQLException", "57P01", "administrator command");
    }
}
