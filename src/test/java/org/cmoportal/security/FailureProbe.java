package org.cmoportal.security;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;

/**
 * Test-only routes that fail unexpectedly when asked ({@code ?fail=yes}), with internals in the message,
 * so the error tests can show that none of it reaches the caller. Without the parameter they answer 204.
 * {@code ?fail=timeout} runs a transaction that outlasts its one-second timeout, as a huge import would.
 */
@Path("/")
@Authenticated
public class FailureProbe {

    static final String SECRET = "SELECT secret FROM failure_probe";

    @Inject
    EntityManager em;

    @GET
    @Path("test-only/failure")
    public Response page(@QueryParam("fail") String fail) {
        return probe(fail);
    }

    @GET
    @Path("api/test-only/failure")
    public Response api(@QueryParam("fail") String fail) {
        return probe(fail);
    }

    private Response probe(String fail) {
        if ("timeout".equals(fail)) {
            QuarkusTransaction.requiringNew().timeout(1).run(() -> {
                em.createNativeQuery("SELECT pg_sleep(1.5)").getSingleResult();
                em.createNativeQuery("SELECT 1").getSingleResult();
            });
        }
        return fail(fail);
    }

    private static Response fail(String fail) {
        if ("yes".equals(fail)) {
            throw new IllegalStateException(SECRET + " failed at org.cmoportal.Internal");
        }
        return Response.noContent().build();
    }
}
