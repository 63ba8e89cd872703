package org.cmoportal.stake;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import jakarta.ws.rs.core.StreamingOutput;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.tenancy.ReadsReplica;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Stake grants and beneficial stakes through the API (api.md, "stakes"). */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class StakeApi {

    /** The body of {@code POST .../stake-grants}. */
    public record GrantRequest(String share, String reference, String sha256) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrantJson(long id, String model, String builder, String share, String reference, String sha256,
            String state, String proposedBy, String proposedAt, String acceptedBy, String acceptedAt, String confirmedBy,
            String confirmedAt) {

        static GrantJson of(StakeGrants.Grant g) {
            return new GrantJson(g.id(), g.model(), g.builder(), g.share().toString(), g.reference(), g.sha256(),
                    g.state().name(), g.proposedBy(), g.proposedAt().toString(), g.acceptedBy(), text(g.acceptedAt()),
                    g.confirmedBy(), text(g.confirmedAt()));
        }
    }

    /** One of a member ref's stakes: {@code stake} a rate with 6 digits, half-even. */
    public record StakeJson(String model, String builder, String stake, String cumulativePayout) {
    }

    public record HolderJson(long rank, String ref, String name, String cumulativePayout, String stake) {
    }

    /** A model's register, a page at a time: concentration as exact shares rounded to 6 digits. */
    public record RegisterJson(String model, String builder, String currency, String cumulativePayout, long holders,
            String top1PercentShare, String top10PercentShare, int page, int pages, List<HolderJson> holdersPage) {
    }

    @Inject
    StakeGrants grants;

    @Inject
    StakeRegister register;

    @Inject
    ModelAccess access;

    @Inject
    TenantDirectory tenants;

    @Inject
    TenantScope scope;

    @POST
    @Path("models/{model}/stake-grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.LICENSED_BUILDER)
    public Response propose(@PathParam("tenant") String tenant, @PathParam("model") String model, GrantRequest body) {
        GrantRequest r = body == null ? new GrantRequest(null, null, null) : body;
        StakeGrants.Grant g = grants.propose(model, r.share(), r.reference(), r.sha256());
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/stake-grants/" + g.id()))
                .entity(GrantJson.of(g)).build();
    }

    /** A model's grants: an administrator's, or the model's builder's (another builder's model is 404). */
    @GET
    @Path("models/{model}/stake-grants")
    @TenantAccess({Party.ADMIN, Party.LICENSED_BUILDER})
    public List<GrantJson> grants(@PathParam("model") String model) {
        if (access.administers()) {
            register.requireModel(model);
        } else {
            access.requireOwnModel(model);
        }
        return grants.ofModel(model).stream().map(GrantJson::of).toList();
    }

    @POST
    @Path("stake-grants/{id}/accept")
    @TenantAccess(Party.ADMIN)
    public GrantJson accept(@PathParam("id") long id) {
        return GrantJson.of(grants.accept(id));
    }

    @POST
    @Path("stake-grants/{id}/confirm")
    @TenantAccess(Party.ADMIN)
    public GrantJson confirm(@PathParam("id") long id) {
        return GrantJson.of(grants.confirm(id));
    }

    @ReadsReplica
    /**
     * api.md: {@code [{model, builder, stake, cumulativePayout}]}, by model: {@code q} searches the model (a part, any
     * case); {@code page} and {@code size} (up to 1,000, default 100) page through them, the whole count in
     * {@code X-Total-Count}.
     */
    @GET
    @Path("members/{ref}/stakes")
    @TenantAccess({Party.ADMIN, Party.MEMBER})
    public Response stakes(@PathParam("tenant") String tenant, @PathParam("ref") String ref, @QueryParam("q") String q,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireRef(ref);
        if (!register.memberExists(ref)) {
            throw DomainException.notFound("Member '" + ref + "'");
        }
        CurrencyUnit c = CurrencyUnit.of(tenants.get(tenant).currency);
        Paging.Page<StakeRegister.Holding> found = register.holdings(ref, q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.rows().stream()
                .map(h -> new StakeJson(h.model(), h.builders(), h.stake().rate6(), Amounts.format(h.payoutMinor(), c)))
                .toList()).header("X-Total-Count", found.paging().count()).build();
    }

    @ReadsReplica
    @GET
    @Path("models/{model}/stakes")
    @TenantAccess(Party.ADMIN)
    public RegisterJson registerPage(@PathParam("model") String model, @QueryParam("page") Integer page) {
        StakeRegister.Page p = register.page(model, null, page == null ? 1 : page);
        CurrencyUnit c = p.currency();
        return new RegisterJson(model, p.model().builders(), c.code(), Amounts.format(p.totalMinor(), c),
                p.concentration().holders(), p.concentration().top1().rate6(), p.concentration().top10().rate6(),
                p.paging().page(), p.paging().pages(), p.rows().stream().map(h -> new HolderJson(h.rank(), h.ref(), h.name(),
                        Amounts.format(h.payoutMinor(), c), h.stake().rate6())).toList());
    }

    @GET
    @Path("models/{model}/stakes/csv")
    @Produces("text/csv")
    @TenantAccess(Party.ADMIN)
    public Response registerCsv(@PathParam("tenant") String tenant, @PathParam("model") String model) {
        return csv(tenant, model, register, scope);
    }

    /** The register's CSV, streamed after the model is found (404 before the body starts). */
    static Response csv(String tenant, String model, StakeRegister register, TenantScope scope) {
        register.requireModel(model);
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            scope.run(tenant, () -> register.csv(model, w));
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"stakes-" + tenant + "-" + model.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"").build();
    }

    static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }
}
