package org.cmoportal.payment;

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

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.web.Paging;

/** Payment runs through the API (api.md, "Accounts, payments"): propose, approve, the bank files, returns. */
@Path("/api/v1/tenants/{tenant}/payment-runs")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class PaymentRunApi {

    /** A run's header in a list. */
    public record RunJson(long id, String state, String currency, String total, int paymentCount, int coveredCount,
            int carriedCount, String carriedTotal, String returned, String proposedBy, String proposedAt,
            String decidedBy, String decidedAt) {

        static RunJson of(PaymentRuns.Run r) {
            return new RunJson(r.id(), r.state().name(), r.currency(), Amounts.format(r.total(), r.unit()), r.payments(),
                    r.covered(), r.carried(), Amounts.format(r.carriedTotal(), r.unit()), Amounts.format(r.returned(), r.unit()),
                    r.proposedBy(), r.proposedAt().toString(), r.decidedBy(), r.decidedAt() == null ? null : r.decidedAt().toString());
        }
    }

    /** The body of {@code POST .../returns}. */
    public record ReturnRequest(String ref, String amount, String reason) {
    }

    /** A recorded return. */
    public record ReturnJson(long id, long run, String ref, String amount, String reason, String recordedBy, String recordedAt) {
    }

    @Inject
    PaymentRuns runs;

    @Inject
    PaymentFiles files;

    /** Proposes a run; 201 with the whole proposal, streamed once the proposal is stored. */
    @POST
    public Response propose(@PathParam("tenant") String tenant) {
        PaymentRuns.Run run = runs.propose();
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/payment-runs/" + run.id()))
                .entity(json(tenant, run.id())).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The runs, the latest first: {@code q} finds a run by its number ("12", "#12"), state or who proposed or approved
     * it (a part, any case), or by a member ref it paid or carried (the whole ref); {@code page} and {@code size} (up to
     * 1,000, default 100) page through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PaymentRuns.Page<PaymentRuns.Run> found = runs.page(Paging.apiPage(page), Paging.apiSize(size), q);
        return Response.ok(found.rows().stream().map(RunJson::of).toList())
                .header("X-Total-Count", found.paging().count()).build();
    }

    /** A run with every payment and carried balance, streamed. */
    @GET
    @Path("{id}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        runs.run(id); // 404 before the body starts
        return Response.ok(json(tenant, id), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Another administrator approves: the PAID entries are written; the run's header answers. */
    @POST
    @Path("{id}/approve")
    public RunJson approve(@PathParam("id") long id) {
        return RunJson.of(runs.approve(id));
    }

    @GET
    @Path("{id}/pain.001")
    @Produces("application/xml")
    public Response pain001(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return pain001(tenant, id, files);
    }

    @GET
    @Path("{id}/csv")
    @Produces("text/csv")
    public Response csv(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return csv(tenant, id, files);
    }

    @POST
    @Path("{id}/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordReturn(@PathParam("id") long id, ReturnRequest body) {
        ReturnRequest r = body == null ? new ReturnRequest(null, null, null) : body;
        PaymentRuns.Return recorded = runs.recordReturn(id, r.ref(), r.amount(), r.reason());
        PaymentRuns.Run run = runs.run(id);
        return Response.status(Response.Status.CREATED).entity(new ReturnJson(recorded.id(), id, recorded.ref(),
                Amounts.format(recorded.amount(), run.unit()), recorded.reason(), recorded.recordedBy(),
                recorded.recordedAt().toString())).build();
    }

    /**
     * Written while the response streams, in the request (its tenant entered) and a transaction of its own with the
     * long timeout of {@link PaymentFiles}: a million members take longer than the default minute.
     */
    private StreamingOutput json(String tenant, long id) {
        return out -> files.writeJson(id, out);
    }

    /** The pain.001 download, streamed after the checks (the page's link answers the same). */
    static Response pain001(String tenant, long id, PaymentFiles files) {
        files.requireBankFile(id, true);
        StreamingOutput body = out -> files.writePain001(id, out);
        return Response.ok(body, "application/xml; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"payment-run-" + tenant + "-" + id + ".pain.001.xml\"").build();
    }

    /** The CSV download, streamed after the checks. */
    static Response csv(String tenant, long id, PaymentFiles files) {
        files.requireBankFile(id, false);
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            files.writeCsv(id, w);
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"payment-run-" + tenant + "-" + id + ".csv\"").build();
    }
}
