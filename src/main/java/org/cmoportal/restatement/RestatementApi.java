package org.cmoportal.restatement;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import org.cmoportal.filing.FilingApi;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Restatements through the API (api.md, "Accounts, payments, corrections"): a builder restates a filing of a
 * distributed period with the filing's multipart parts and a {@code reason} field; administrators approve twice or
 * reject. Amounts are decimal strings in major units.
 */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class RestatementApi {

    public record Pair(String before, String after) {
    }

    public record MemberJson(String ref, String before, String after, String difference) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuspenseJson(String category, String ref, String before, String after) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestatementJson(long id, String state, String period, long filing, String builder, String model,
            String reason, String currency, List<MemberJson> members, Pair fees, List<SuspenseJson> suspense,
            Pair tenantGross, String owed, String firstApprovedBy, String decidedBy, String landingPeriod, String rejection) {

        static RestatementJson of(Restatements.View v) {
            CurrencyUnit c = v.currency();
            return new RestatementJson(v.id(), v.state().name(), v.periodLabel(), v.filingId(), v.builderSlug(), v.model(),
                    v.reason(), c.code(),
                    v.members().stream().map(m -> new MemberJson(m.ref(), f(m.before(), c), f(m.after(), c), f(m.difference(), c))).toList(),
                    new Pair(f(v.fees().before(), c), f(v.fees().after(), c)),
                    v.suspense().stream().map(s -> new SuspenseJson(s.category(), s.ref(), f(s.before(), c), f(s.after(), c))).toList(),
                    new Pair(f(v.gross().before(), c), f(v.gross().after(), c)), f(v.owed(), c), v.firstApprovedBy(),
                    v.decidedBy(), v.landingLabel(), v.rejection());
        }

        private static String f(long amount, CurrencyUnit c) {
            return Amounts.format(amount, c);
        }
    }

    public record RejectRequest(String reason) {
    }

    @Inject
    Restatements restatements;

    /** The body as it arrives, as a filing's: the parts in any order, the usage streamed, {@code reason} beside them. */
    @POST
    @Path("periods/{period}/filings/{id}/restatements")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @TenantAccess(Party.LICENSED_BUILDER)
    public Response propose(@PathParam("tenant") String tenant, @PathParam("period") String period, @PathParam("id") long id,
            @RestHeader("Content-Type") String contentType, InputStream body) throws IOException {
        Map<String, String> fields = new HashMap<>();
        fields.put("reason", null);
        long restatement;
        try {
            restatement = restatements.propose(period, id, () -> fields.get("reason"), FilingApi.parts(body, contentType, fields));
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.TOO_LARGE) {
                FilingApi.drainBody(body);
            }
            throw e;
        }
        FilingApi.drainBody(body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/restatements/" + restatement))
                .entity(RestatementJson.of(restatements.get(restatement))).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Every restatement for the CMO's administrators; a builder's own organisations' ones. Newest first. {@code q}
     * searches the number (whole), state, period, model, builder (slug or name) and reason (a part, any case);
     * {@code page} and {@code size} (up to 1,000, default 100) page through them, the whole count in
     * {@code X-Total-Count}.
     */
    @GET
    @Path("restatements")
    @TenantAccess({Party.ADMIN, Party.LICENSED_BUILDER})
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Restatements.Page found = restatements.page(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.rows().stream().map(RestatementJson::of).toList())
                .header("X-Total-Count", found.paging().count()).build();
    }

    @GET
    @Path("restatements/{id}")
    @TenantAccess({Party.ADMIN, Party.LICENSED_BUILDER})
    public RestatementJson get(@PathParam("id") long id) {
        return RestatementJson.of(restatements.get(id));
    }

    /** The first approval marks it; the second, by another administrator, posts its entries into the open period. */
    @POST
    @Path("restatements/{id}/approve")
    @TenantAccess(Party.ADMIN)
    public RestatementJson approve(@PathParam("id") long id) {
        return RestatementJson.of(restatements.approve(id));
    }

    @POST
    @Path("restatements/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.ADMIN)
    public RestatementJson reject(@PathParam("id") long id, RejectRequest body) {
        return RestatementJson.of(restatements.reject(id, body == null ? null : body.reason()));
    }
}
