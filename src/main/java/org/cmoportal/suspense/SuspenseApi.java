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

/**
 * Money held in suspense and its aged releases through the API (api.md): what is held, for administrators and the
 * tenant's members (refs and categories only, never a member's data); release proposals and their confirmation.
 */
@Path("/api/v1/tenants/{tenant}/suspense")
@Produces(MediaType.APPLICATION_JSON)
public class SuspenseApi {

    /** One key held: {@code ref} left out for a category without usage. */
    public record HeldJson(String period, String category, @JsonInclude(JsonInclude.Include.NON_NULL) String ref,
            String amount, String heldSince, String releasableFrom) {
    }

    public record ReleaseRequest(String asOf) {
    }

    public record ShareJson(String ref, String amount, String period, String category) {
    }

    /**
     * A release: {@code total} is the stored total over all its shares. {@code shares} keeps the name and shape it always
     * had, but holds one page (by pot, then member ref): a release shares among every member paid in the periods it
     * covers, which may be thousands, and one answer with all of them would read them all. {@code shareCount}, added
     * beside it, is all the release's shares, so a client sees whether there are more to page through on
     * {@code GET releases/{id}} ({@code q}, {@code page}, {@code size}); left out in the list of releases, which has
     * no shares. A client of a release with fewer shares than a page reads what it always read.
     */
    public record ReleaseJson(long id, String state, String asOf, int holdMonths, String total, String proposedBy,
            String proposedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String confirmedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) String confirmedAt, List<ShareJson> shares,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long shareCount) {

        /** A release in the list, without its shares (as before). */
        static ReleaseJson of(SuspenseReleases.Release r, CurrencyUnit c) {
            return of(r, List.of(), null, c);
        }

        /** A release with a page of its shares. */
        static ReleaseJson of(SuspenseReleases.Release r, SuspenseReleases.Shares shares, CurrencyUnit c) {
            return of(r, shares.shares(), shares.all(), c);
        }

        private static ReleaseJson of(SuspenseReleases.Release r, List<SuspenseReleases.Share> shares, Long shareCount,
                CurrencyUnit c) {
            return new ReleaseJson(r.id(), r.state(), r.asOf().toString(), r.holdMonths(), Amounts.format(r.total(), c),
                    r.proposedBy(), r.proposedAt().toString(), r.confirmedBy(),
                    r.confirmedAt() == null ? null : r.confirmedAt().toString(),
                    shares.stream().map(s -> new ShareJson(s.ref(), Amounts.format(s.amount(), c), s.period(), s.category()))
                            .toList(), shareCount);
        }
    }

    static final int MAX_PAGE = 5_000;

    @Inject
    SuspenseBook book;

    @Inject
    SuspenseReleases releases;

    @Inject
    Claims claims;

    @Inject
    TenantDirectory tenants;

    /**
     * What is held, oldest period first: {@code q} searches refs (a part), periods and categories; {@code page} and
     * {@code size} (up to 5,000, default 1,000) page through it, the whole count in {@code X-Total-Count}.
     */
    @GET
    @TenantAccess({Party.ADMIN, Party.MEMBER})
    public Response held(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        CurrencyUnit c = CurrencyUnit.of(tenants.get(tenant).currency);
        int s = size == null ? 1_000 : Math.max(1, Math.min(MAX_PAGE, size));
        SuspenseBook.Page p = book.page(q, page == null ? 1 : page, s, !claims.asAdmin());
        List<HeldJson> rows = p.rows().stream().map(h -> new HeldJson(h.period(), h.category(), h.ref(),
                Amounts.format(h.amount(), c), h.heldSince().toString(), h.releasableFrom().toString())).toList();
        return Response.ok(rows).header("X-Total-Count", p.paging().count()).build();
    }

    /** Proposes a release; answers it with the first page of its shares (see {@link ReleaseJson}). */
    @POST
    @Path("releases")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.ADMIN)
    public Response propose(@PathParam("tenant") String tenant, ReleaseRequest body) {
        SuspenseReleases.Release r = releases.propose(body == null ? null : body.asOf());
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/suspense/releases/" + r.id()))
                .entity(firstPage(r, tenant)).build();
    }

    /**
     * The releases, the latest first, without their shares (as before; {@code GET releases/{id}} gives them): paged
     * only ({@code page}, {@code size} up to 1,000, default 100), the whole count in {@code X-Total-Count}. A release
     * has nothing to search by but its number, which {@code GET releases/{id}} reads.
     */
    @GET
    @Path("releases")
    @TenantAccess(Party.ADMIN)
    public Response releases(@PathParam("tenant") String tenant, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        CurrencyUnit c = currency(tenant);
        SuspenseReleases.Found found = releases.find(Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.releases().stream().map(r -> ReleaseJson.of(r, c)).toList())
                .header("X-Total-Count", found.paging().count()).build();
    }

    /**
     * The release with a page of its shares, by pot then member ref: the same object as before, its {@code shares} now
     * the page and its {@code total} the release's over all of them. {@code q} searches member refs, period labels and
     * categories (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page through them, the
     * count of those that match in {@code X-Total-Count}, and {@code shareCount} all the release's shares.
     */
    @GET
    @Path("releases/{id}")
    @TenantAccess(Party.ADMIN)
    public Response release(@PathParam("tenant") String tenant, @PathParam("id") long id, @QueryParam("q") String q,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        SuspenseReleases.Release r = releases.summary(id);
        SuspenseReleases.Shares shares = releases.shares(id, q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(ReleaseJson.of(r, shares, currency(tenant))).header("X-Total-Count", shares.paging().count()).build();
    }

    /** Another administrator confirms: the RELEASED entries are posted. Answers the release with its first page of shares. */
    @POST
    @Path("releases/{id}/confirm")
    @TenantAccess(Party.ADMIN)
    public ReleaseJson confirm(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return firstPage(releases.confirm(id), tenant);
    }

    /** The release with the first page of its shares, as a proposal and a confirmation answer it. */
    private ReleaseJson firstPage(SuspenseReleases.Release r, String tenant) {
        return ReleaseJson.of(r, releases.shares(r.id(), null, 1, Paging.API_SIZE), currency(tenant));
    }

    private CurrencyUnit currency(String tenant) {
        return CurrencyUnit.of(tenants.get(tenant).currency);
    }
}
