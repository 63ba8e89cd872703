package org.cmoportal.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;

/**
 * Test-only routes that fail unexpectedly when asked ({@code ?fail=yes}), with internals in the message,
 * so the error tests can show that none of it reaches the caller. Without the parameter they answer 204.
 */
@Path("/")
@Authenticated
public class FailureProbe {

    static final String SECRET = "SELECT secret FROM failure_probe";

    @GET
    @Path("test-only/failure")
    public Response page(@QueryParam("fail") String fail) {
        return fail(fail);
    }

    @GET
    @Path("api/test-only/failure")
    public Response api(@QueryParam("fail") String fail) {
        return fail(fail);
    }

    private static Response fail(String fail) {
        if ("yes".equals(fail)) {
            throw new IllegalStateException(SECRET + " failed at org.cmoportal.Internal");
        }
        return Response.noContent().build();
    }
}
