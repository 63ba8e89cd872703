package org.cmoportal.filing;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Filings through the API (api.md): multipart {@code filing} + {@code usage}, with Idempotency-Key; the query
 * parameter {@code builder} names the organisation when the caller has several licensed with the CMO.
 */
@Path("/api/v1/tenants/{tenant}/periods/{period}/filings")
@Produces(MediaType.APPLICATION_JSON)
public class FilingApi {

    static final String REPLAYED = "Idempotent-Replayed";

    @Inject
    FilingService filings;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @TenantAccess(Party.LICENSED_BUILDER)
    public Response submit(@PathParam("tenant") String tenant, @PathParam("period") String period,
            @RestQuery("builder") String builder, @RestHeader("Idempotency-Key") String idempotencyKey,
            MultipartFormDataInput input) throws IOException {
        FilingParts parts = new FilingParts(input);
        FilingJsonReader.Parsed parsed = FilingJsonReader.read(parts.bytes("filing", FilingJsonReader.MAX_BYTES));
        FilingService.Submission s = filings.submit(period, builder, parsed.document(), parsed.problems(), parts.stream("usage"),
                idempotencyKey);
        FilingView view = FilingView.of(filings.get(period, s.filing().id));
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/periods/" + period + "/filings/" + view.id()))
                .header(REPLAYED, String.valueOf(s.replayed())).entity(view).build();
    }

    @GET
    @Path("{id}")
    @TenantAccess({Party.LICENSED_BUILDER, Party.ADMIN})
    public FilingView get(@PathParam("period") String period, @PathParam("id") long id) {
        return FilingView.of(filings.get(period, id));
    }

    /**
     * The period's filings with status and figures, superseded ones included, newest first (api.md): all of them
     * for the CMO's administrators, those of the caller's own organisations for a builder.
     */
    @GET
    @TenantAccess({Party.LICENSED_BUILDER, Party.ADMIN})
    public List<FilingView> list(@PathParam("period") String period) {
        return filings.inPeriod(period).stream().map(FilingView::of).toList();
    }
}
