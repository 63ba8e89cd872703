package org.cmoportal.period;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
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
import jakarta.ws.rs.core.StreamingOutput;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.verification.PeriodVerification;
import org.cmoportal.verification.VerificationService;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Periods and their workflow through the API (api.md); the pages call the same services. */
@Path("/api/v1/tenants/{tenant}/periods")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class PeriodApi {

    /** The body of {@code POST /periods}. */
    public record OpenRequest(String label) {
    }

    /** The body of {@code POST .../accept}. */
    public record AcceptRequest(String justification) {
    }

    /** The body of {@code POST .../reject}. */
    public record RejectRequest(String reason) {
    }

    /** The optional body of {@code POST .../approve}: the run whose figures the approver checked. */
    public record ApproveRequest(Long runId) {
    }

    /** A period as the API shows it. */
    public record PeriodJson(Long id, String label, String state, String openedBy, Instant openedAt,
            String calculatedBy, String approvedBy, String distributedBy) {
        static PeriodJson of(Period p) {
            return new PeriodJson(p.id, p.label, p.state.name(), p.openedBy, p.openedAt, p.calculatedBy, p.approvedBy,
                    p.distributedBy);
        }
    }

    /** A run's figures, amounts as decimal strings in major units. */
    public record DistributionJson(long id, String period, String status, String currency, String calculatedBy,
            Instant calculatedAt, int filings, long lines, String tenantGross, String fees, String paid, String suspense,
            Map<String, String> suspenseByRef, Map<String, String> suspenseByCategory, List<PayeeJson> largestPayouts) {

        static DistributionJson of(String period, RunFigures f) {
            CurrencyUnit c = CurrencyUnit.of(f.currency());
            return new DistributionJson(f.runId(), period, f.status(), f.currency(), f.calculatedBy(), f.calculatedAt(),
                    f.filings(), f.lines(), Amounts.format(f.tenantGross(), c), Amounts.format(f.fees(), c),
                    Amounts.format(f.paid(), c), Amounts.format(f.suspense(), c), formatted(f.suspenseByRef(), c),
                    formatted(f.suspenseByCategory(), c), f.largestPayouts().stream()
                            .map(p -> new PayeeJson(p.ref(), p.name(), Amounts.format(p.amount(), c))).toList());
        }

        private static Map<String, String> formatted(Map<String, Long> amounts, CurrencyUnit c) {
            Map<String, String> out = new LinkedHashMap<>();
            amounts.forEach((k, v) -> out.put(k, Amounts.format(v, c)));
            return out;
        }
    }

    /** A member in the largest payouts. */
    public record PayeeJson(String ref, String name, String amount) {
    }

    @Inject
    PeriodService periods;

    @Inject
    PeriodWorkflow workflow;

    @Inject
    FilingReview review;

    @Inject
    ObjectMapper json;

    @Inject
    VerificationService verification;

    @Inject
    TenantScope scope;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response open(OpenRequest request) {
        Period p = periods.open(request == null ? null : request.label());
        return Response.status(Response.Status.CREATED).entity(PeriodJson.of(periods.get(p.label))).build();
    }

    /**
     * The periods, the latest opened first: {@code q} searches the label (a part, any case); {@code page} and
     * {@code size} (up to 1,000, default 100) page through them, the whole count in {@code X-Total-Count}.
     */
    @GET
    public Response list(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        PeriodService.Found found = periods.find(q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(found.periods().stream().map(PeriodJson::of).toList())
                .header("X-Total-Count", found.paging().count()).build();
    }

    @GET
    @Path("{period}")
    public PeriodJson get(@PathParam("period") String label) {
        return PeriodJson.of(periods.get(label));
    }

    @POST
    @Path("{period}/close")
    public PeriodJson close(@PathParam("period") String label) {
        return PeriodJson.of(workflow.close(label));
    }

    @POST
    @Path("{period}/filings/{id}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public FilingReview.Decision accept(@PathParam("period") String label,
            @PathParam("id") long id, AcceptRequest request) {
        return review.accept(label, id, request == null ? null : request.justification());
    }

    @POST
    @Path("{period}/filings/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    public FilingReview.Decision reject(@PathParam("period") String label,
            @PathParam("id") long id, RejectRequest request) {
        return review.reject(label, id, request == null ? null : request.reason());
    }

    @POST
    @Path("{period}/calculate")
    public DistributionJson calculate(@PathParam("period") String label) {
        return DistributionJson.of(label, workflow.calculate(label));
    }

    @POST
    @Path("{period}/discard")
    public PeriodJson discard(@PathParam("period") String label) {
        return PeriodJson.of(workflow.discard(label));
    }

    /** The body is optional (any content type or none); a JSON body may name the run the approver checked. */
    @POST
    @Path("{period}/approve")
    @Consumes(MediaType.WILDCARD)
    public PeriodJson approve(@PathParam("period") String label, String body) {
        ApproveRequest request = null;
        if (body != null && !body.isBlank()) {
            try {
                request = json.readValue(body, ApproveRequest.class);
            } catch (JsonProcessingException e) {
                throw DomainException.invalid("runId", "The body must be JSON like {\"runId\": 12}, or empty.");
            }
        }
        return PeriodJson.of(workflow.approve(label, request == null ? null : request.runId()));
    }

    @POST
    @Path("{period}/distribute")
    public PeriodJson distribute(@PathParam("period") String label) {
        return PeriodJson.of(workflow.distribute(label));
    }

    @GET
    @Path("{period}/distribution")
    public DistributionJson distribution(@PathParam("period") String label) {
        return DistributionJson.of(label, workflow.distribution(label));
    }

    /** The period's filings with their verification (attested, consistent across CMOs, as committed). */
    @GET
    @Path("{period}/verification")
    public PeriodVerification verification(@PathParam("period") String label) {
        periods.get(label);
        return verification.periodVerification(label);
    }

    @GET
    @Path("{period}/payout-file")
    @Produces("text/csv")
    public Response payoutFile(@PathParam("tenant") String tenant, @PathParam("period") String label) {
        return payoutFile(tenant, label, workflow, scope);
    }

    /** The payout file as a download, streamed (the board's link answers the same). */
    static Response payoutFile(String tenant, String label, PeriodWorkflow workflow, TenantScope scope) {
        workflow.requirePayoutFile(label); // 404 or 409 before streaming starts, not half-way through the body
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            scope.run(tenant, () -> workflow.payoutFile(label, w));
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"payouts-" + tenant + "-" + label + ".csv\"").build();
    }
}
