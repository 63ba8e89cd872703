package org.cmoportal.filing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

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

    /**
     * Takes the body as it arrives, never written to disk: the parts are read in the order sent ({@code filing} and
     * {@code usage} either way round) and the usage is checked, added up and staged while it is received.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @TenantAccess(Party.LICENSED_BUILDER)
    public Response submit(@PathParam("tenant") String tenant, @PathParam("period") String period,
            @RestQuery("builder") String builder, @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("Content-Type") String contentType, InputStream body) throws IOException {
        FilingService.Submission s;
        MultipartStream multipart;
        try {
            multipart = new MultipartStream(body, MultipartStream.boundary(contentType));
            s = filings.submit(period, builder, receiver -> deliver(multipart, receiver), idempotencyKey);
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.TOO_LARGE) {
                drain(body); // so that the sender, still sending, reads the answer; a 413 closes the connection instead
            }
            throw e;
        }
        drain(body);
        FilingView view = FilingView.of(filings.get(period, s.filing().id));
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/periods/" + period + "/filings/" + view.id()))
                .header(REPLAYED, String.valueOf(s.replayed())).entity(view).build();
    }

    /** The parts in the order they come; the first {@code filing} and the first {@code usage} count, others are skipped. */
    static void deliver(MultipartStream multipart, FilingService.Receiver receiver) throws IOException, SQLException {
        deliver(multipart, receiver, java.util.Map.of());
    }

    /** The most a plain form field beside a filing may hold (a restatement's reason: 500 characters). */
    static final int MAX_FIELD_BYTES = 4096;

    /**
     * A multipart body taken as a filing is (the parts in either order, the usage streamed), for a feature that takes
     * a filing with plain form fields beside it: the first part of each name in {@code fields} is read into it (UTF-8,
     * at most {@value #MAX_FIELD_BYTES} bytes) as it comes, before the parts after it. The restatements' API uses it.
     */
    public static FilingService.Parts parts(InputStream body, String contentType, java.util.Map<String, String> fields) {
        MultipartStream multipart = new MultipartStream(body, MultipartStream.boundary(contentType));
        return receiver -> deliver(multipart, receiver, fields);
    }

    /** Reads what is left of a body, so that a sender still sending reads the answer. */
    public static void drainBody(InputStream body) {
        drain(body);
    }

    private static void deliver(MultipartStream multipart, FilingService.Receiver receiver, java.util.Map<String, String> fields)
            throws IOException, SQLException {
        boolean filing = false;
        for (MultipartStream.Part part; (part = multipart.next()) != null;) {
            if (part.name() != null && fields.containsKey(part.name()) && fields.get(part.name()) == null) {
                byte[] value = part.content().readNBytes(MAX_FIELD_BYTES + 1);
                if (value.length > MAX_FIELD_BYTES) {
                    throw DomainException.invalid(part.name(), "longer than " + MAX_FIELD_BYTES + " bytes");
                }
                fields.put(part.name(), new String(value, java.nio.charset.StandardCharsets.UTF_8));
            } else if ("filing".equals(part.name()) && !filing) {
                filing = true;
                FilingJsonReader.Parsed parsed = FilingJsonReader.read(part.content().readNBytes(FilingJsonReader.MAX_BYTES + 1));
                receiver.filing(parsed.document(), parsed.problems());
            } else if ("usage".equals(part.name())) {
                InputStream content = part.content();
                if (part.fileName() != null && part.fileName().isEmpty()) {
                    // a browser's file input with no file chosen sends an empty part without a name: no usage file
                    PushbackInputStream peek = new PushbackInputStream(content, 1);
                    int first = peek.read();
                    if (first < 0) {
                        continue;
                    }
                    peek.unread(first);
                    content = peek;
                }
                receiver.usage(content);
            }
        }
        if (!filing) {
            FilingJsonReader.Parsed parsed = FilingJsonReader.read(null);
            receiver.filing(parsed.document(), parsed.problems());
        }
    }

    private static void drain(InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the sender has gone: there is no one left to answer
        }
    }

    @GET
    @Path("{id}")
    @TenantAccess({Party.LICENSED_BUILDER, Party.ADMIN})
    public FilingView get(@PathParam("period") String period, @PathParam("id") long id) {
        return FilingView.of(filings.get(period, id));
    }

    /**
     * The period's filings with status and figures, superseded ones included, newest first (api.md): all of them
     * for the CMO's administrators, those of the caller's own organisations for a builder. {@code q} searches the model
     * and the builder organisation (slug or name; a part, any case); {@code page} and {@code size} (up to 1,000,
     * default 100) page through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    @TenantAccess({Party.LICENSED_BUILDER, Party.ADMIN})
    public Response list(@PathParam("period") String period, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Paging.Page<FilingService.Loaded> found = filings.inPeriod(period, q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.rows().stream().map(FilingView::of).toList())
                .header("X-Total-Count", found.paging().count()).build();
    }
}
