package org.cmoportal.dispute;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
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
import org.cmoportal.money.Amounts;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Disputes through the API (api.md, "Disputes"): a member opens one, an administrator resolves, another approves. */
@Path("/api/v1/tenants/{tenant}/disputes")
@Produces(MediaType.APPLICATION_JSON)
public class DisputeApi {

    /** The body of {@code POST .../disputes}. */
    public record OpenRequest(Long statementLineId, String message) {
    }

    /** The body of {@code POST .../disputes/{id}/resolve}: no adjustment rejects; a signed amount is proposed. */
    public record ResolveRequest(String adjustment, String reason) {
    }

    /**
     * A dispute: the line (its amount as published, and as corrected by earlier approved disputes of it), what the member
     * said, and what became of it. Amounts in major units; {@code adjustment} signed, {@code after} what the line stands
     * at once it is approved.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DisputeJson(long id, long statementLineId, long statementId, String period, String ref, String builder,
            String model, String category, String currency, String lineAmount, String before, String message,
            String openedBy, Instant openedAt, String state, String answer, String adjustment, String after,
            String resolvedBy, Instant resolvedAt, String approvedBy, Instant approvedAt, String landingPeriod) {

        static DisputeJson of(Disputes.Dispute d) {
            var c = d.unit();
            return new DisputeJson(d.id(), d.lineId(), d.statementId(), d.period(), d.ref(), d.builder(), d.model(),
                    d.category(), d.currency(), Amounts.format(d.lineAmount(), c), Amounts.format(d.corrected(), c), d.message(),
                    d.openedBy(), d.openedAt(), d.state().name(), d.answer(),
                    d.adjustment() == null ? null : Amounts.format(d.adjustment(), c),
                    d.adjustment() == null ? null : Amounts.format(d.after(), c), d.resolvedBy(), d.resolvedAt(), d.approvedBy(),
                    d.approvedAt(), d.landingPeriod());
        }
    }

    @Inject
    Disputes disputes;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.MEMBER)
    public Response open(@PathParam("tenant") String tenant, OpenRequest body) {
        OpenRequest r = body == null ? new OpenRequest(null, null) : body;
        Disputes.Dispute d = disputes.open(r.statementLineId(), r.message());
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/disputes/" + d.id())).entity(DisputeJson.of(d)).build();
    }

    /**
     * One's own disputes (an administrator's: all), newest first; {@code state} filters (repeatable), {@code q} searches
     * the member (ref or name), the period and the model (a part, any case); {@code page} and {@code size} (up to
     * 1,000, default 100) page through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    @TenantAccess({Party.ADMIN, Party.MEMBER})
    public Response list(@QueryParam("state") List<String> state, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        List<Disputes.State> states = new ArrayList<>();
        for (String s : state == null ? List.<String>of() : state) {
            try {
                states.add(Disputes.State.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("state", "'" + s + "' is no state of a dispute; give OPEN, REJECTED, PROPOSED"
                        + " or APPROVED.");
            }
        }
        Disputes.Found found = disputes.find(states, q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.disputes().stream().map(DisputeJson::of).toList())
                .header("X-Total-Count", found.paging().count()).build();
    }

    @GET
    @Path("{id}")
    @TenantAccess({Party.ADMIN, Party.MEMBER})
    public DisputeJson get(@PathParam("id") long id) {
        return DisputeJson.of(disputes.get(id));
    }

    @POST
    @Path("{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.ADMIN)
    public DisputeJson resolve(@PathParam("id") long id, ResolveRequest body) {
        ResolveRequest r = body == null ? new ResolveRequest(null, null) : body;
        return DisputeJson.of(disputes.resolve(id, r.adjustment(), r.reason()));
    }

    @POST
    @Path("{id}/approve")
    @TenantAccess(Party.ADMIN)
    public DisputeJson approve(@PathParam("id") long id) {
        return DisputeJson.of(disputes.approve(id));
    }
}
