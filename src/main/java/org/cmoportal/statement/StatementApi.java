package org.cmoportal.statement;

import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.account.Adjustments;
import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.Roles;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.member.Member;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenancy.ReadsReplica;
import org.jboss.resteasy.reactive.RestHeader;

/** A member's statement of one period through the API (api.md), as JSON or, with {@code Accept: text/csv}, CSV. */
@Path("/api/v1/tenants/{tenant}/periods/{period}/statements/{ref}")
@TenantAccess({Party.ADMIN, Party.MEMBER})
public class StatementApi {

    /** One line: where the money came from; {@code id} is what a dispute names (api.md). */
    public record LineJson(long id, String builder, String model, String category, long units, long categoryUnits, String amount) {
    }

    /** A correction landing in this period (a restatement, a dispute): what, the old and new amounts, why. */
    public record AdjustmentJson(long id, String what, String before, String after, String amount, String reason) {

        static AdjustmentJson of(Adjustments.Shown a, CurrencyUnit currency) {
            return new AdjustmentJson(a.id(), a.what(), Amounts.format(a.before(), currency), Amounts.format(a.after(), currency),
                    Amounts.format(a.amount(), currency), a.reason());
        }
    }

    /**
     * The statement; a member with nothing due has total zero and no lines. {@code total} excludes the adjustments,
     * which are listed beside it (economics.md, "The member account").
     */
    public record StatementJson(String ref, String period, String currency, String total, List<LineJson> lines,
            List<AdjustmentJson> adjustments,
            // only when the period's lines were archived (ISO day): no lines then does not mean no usage
            @JsonInclude(JsonInclude.Include.NON_NULL) String archivedOn) {
    }

    @Inject
    StatementReader reader;

    @Inject
    CurrentUser user;

    @Inject
    Adjustments adjustments;

    @Inject
    TenantContext tenant;

    @ReadsReplica
    /** JSON unless the caller asks for CSV by name: a client that accepts anything gets JSON. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response get(@PathParam("tenant") String t, @PathParam("period") String period, @PathParam("ref") String ref,
            @RestHeader("Accept") String accept) {
        StatementJson s = load(period, ref);
        boolean csv = accept != null && accept.contains("text/csv") && !accept.contains(MediaType.APPLICATION_JSON);
        return csv ? csv(s, period, ref) : Response.ok(s, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response csv(StatementJson s, String period, String ref) {
        StringWriter out = new StringWriter();
        CsvExport.MemberLines csv = new CsvExport.MemberLines(out, tenant.tenantId(), period, s.currency());
        for (LineJson l : s.lines()) {
            csv.line(ref, l.builder(), l.model(), l.category(), l.units(), l.categoryUnits(), l.amount());
        }
        csv.flush();
        if (s.archivedOn() != null) {
            CsvExport.archived(out, tenant.tenantId(), period, ref, s.archivedOn(), s.total(), s.currency(),
                    Tenant.<Tenant>findById(tenant.tenantId()).name);
        }
        CsvExport.adjustments(out, tenant.tenantId(), period, ref, s.currency(), s.adjustments());
        return Response.ok(out.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + CsvExport.fileName(tenant.tenantId(), period, ref) + ".csv\"")
                .build();
    }

    @Transactional
    StatementJson load(String periodLabel, String ref) {
        boolean admin = user.hasRole(Roles.CMO_ADMIN) && user.affiliations().administers(tenant.tenantId());
        // A member reads only the refs they hold; anything else answers as if it did not exist.
        if (!admin && !user.affiliations().holdsRef(tenant.tenantId(), ref) || Member.findByRef(ref) == null) {
            throw DomainException.notFound("Statement of '" + ref + "'");
        }
        StatementReader.PeriodInfo period = reader.period(periodLabel)
                .orElseThrow(() -> DomainException.notFound("Period '" + periodLabel + "'"));
        if (!period.distributed()) {
            throw DomainException.conflict("not-distributed", "The period " + periodLabel + " is " + period.state()
                    + "; statements are published when it is distributed.");
        }
        CurrencyUnit currency = CurrencyUnit.of(Tenant.<Tenant>findById(tenant.tenantId()).currency);
        List<AdjustmentJson> adjusted = adjustments.landingIn(period.id(), ref).stream().map(a -> AdjustmentJson.of(a, currency)).toList();
        return reader.header(periodLabel, ref)
                .map(h -> new StatementJson(ref, periodLabel, currency.code(), Amounts.format(h.total(), currency),
                        reader.lines(h).stream().map(l -> new LineJson(l.id(), l.builder(), l.model(), l.category(), l.units(),
                                l.categoryUnits(), Amounts.format(l.amount(), currency))).toList(), adjusted, h.archivedOn()))
                .orElse(new StatementJson(ref, periodLabel, currency.code(), Amounts.format(0, currency), List.of(), adjusted, null));
    }
}
