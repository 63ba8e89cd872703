package org.cmoportal.suspense;

import java.net.URI;
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

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Claims of unmatched refs through the API (api.md): members claim, administrators accept, confirm or reject. */
@Path("/api/v1/tenants/{tenant}/claims")
@Produces(MediaType.APPLICATION_JSON)
public class ClaimApi {

    public record ClaimRequest(String ref, String memberRef, String evidence) {
    }

    public record RejectRequest(String reason) {
    }

    /** A claim; {@code released} is what its confirmation moved to the member (0 before). */
    public record ClaimJson(long id, String ref, String memberRef, String evidence, String state, String claimedBy,
            String claimedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String acceptedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) String decidedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) String decidedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason, String released) {

        static ClaimJson of(Claims.Claim c, CurrencyUnit currency) {
            return new ClaimJson(c.id(), c.ref(), c.memberRef(), c.evidence(), c.state().name(), c.claimedBy(),
                    c.claimedAt().toString(), c.acceptedBy(), c.decidedBy(), c.decidedAt() == null ? null : c.decidedAt().toString(),
                    c.reason(), Amounts.format(c.released(), currency));
        }
    }

    @Inject
    Claims claims;

    @Inject
    TenantDirectory tenants;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.MEMBER)
    public Response claim(@PathParam("tenant") String tenant, ClaimRequest body) {
        ClaimRequest r = body == null ? new ClaimRequest(null, null, null) : body;
        Claims.Claim c = claims.claim(r.ref(), r.memberRef(), r.evidence());
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/claims/" + c.id()))
                .entity(ClaimJson.of(c, currency(tenant))).build();
    }

    /**
     * A member's own claims, the latest first; an administrator's: all, open and accepted first. {@code q} searches the
     * member ref and the claimed ref (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page
     * through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    @TenantAccess({Party.ADMIN, Party.MEMBER})
    public Response list(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        CurrencyUnit c = currency(tenant);
        Claims.Found found = claims.find(claims.asAdmin(), q, Paging.apiPage(page), Paging.apiSize(size));
        List<ClaimJson> rows = found.claims().stream().map(x -> ClaimJson.of(x, c)).toList();
        return Response.ok(rows).header("X-Total-Count", found.paging().count()).build();
    }

    @GET
    @Path("{id}")
    @TenantAccess({Party.ADMIN, Party.MEMBER})
    public ClaimJson get(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return ClaimJson.of(claims.get(id), currency(tenant));
    }

    @POST
    @Path("{id}/accept")
    @TenantAccess(Party.ADMIN)
    public ClaimJson accept(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return ClaimJson.of(claims.accept(id), currency(tenant));
    }

    @POST
    @Path("{id}/confirm")
    @TenantAccess(Party.ADMIN)
    public ClaimJson confirm(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return ClaimJson.of(claims.confirm(id), currency(tenant));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.ADMIN)
    public ClaimJson reject(@PathParam("tenant") String tenant, @PathParam("id") long id, RejectRequest body) {
        return ClaimJson.of(claims.reject(id, body == null ? null : body.reason()), currency(tenant));
    }

    private CurrencyUnit currency(String tenant) {
        return CurrencyUnit.of(tenants.get(tenant).currency);
    }
}
