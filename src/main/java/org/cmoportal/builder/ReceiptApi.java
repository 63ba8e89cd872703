package org.cmoportal.builder;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.Paging;

/** Receipts from builders through the API (docs/accounts.md): the administrator records one, or reads them a page at a time. */
@Path("/api/v1/tenants/{tenant}/builder-receipts")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class ReceiptApi {

    /** What a client sends: {@code amount} in major units, {@code receivedOn} as YYYY-MM-DD; {@code reversal} takes one back. */
    public record ReceiptRequest(String builder, String period, String amount, String receivedOn, String reference, Boolean reversal) {
    }

    /** A recorded receipt; a reversal has a negative amount. */
    public record ReceiptJson(long id, String builder, String period, String amount, String receivedOn, String reference,
            String recordedBy) {
    }

    @Inject
    BuilderReceipts receipts;

    @Inject
    BuilderDues dues;

    @Inject
    TenantContext tenant;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response record(ReceiptRequest body) {
        ReceiptRequest r = body == null ? new ReceiptRequest(null, null, null, null, null, null) : body;
        BuilderDues.Receipt receipt = receipts.record(new BuilderReceipts.NewReceipt(r.builder(), r.period(), r.amount(),
                r.receivedOn(), r.reference(), Boolean.TRUE.equals(r.reversal())));
        return Response.status(Response.Status.CREATED).entity(json(receipt, currency())).build();
    }

    /**
     * The receipts, newest first: {@code q} searches the organisation's name or slug, the period's label and the bank
     * reference (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page through them, the
     * whole count in {@code X-Total-Count}.
     */
    @GET
    @Transactional
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        CurrencyUnit currency = currency();
        BuilderDues.Receipts found = dues.receiptPage(q, Paging.apiPage(page), Paging.apiSize(size));
        List<ReceiptJson> rows = found.rows().stream().map(r -> json(r, currency)).toList();
        return Response.ok(rows).header("X-Total-Count", found.paging().count()).build();
    }

    private CurrencyUnit currency() {
        return CurrencyUnit.of(Tenant.<Tenant>findById(tenant.tenantId()).currency);
    }

    private static ReceiptJson json(BuilderDues.Receipt r, CurrencyUnit currency) {
        return new ReceiptJson(r.id(), r.builderSlug(), r.period(), Amounts.format(r.amount(), currency), r.receivedOn().toString(),
                r.reference(), r.recordedBy());
    }
}
