package org.cmoportal.builder;

import java.time.LocalDate;
import java.time.ZoneOffset;
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

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.tenant.TenantView;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The administrator's view of builder dues: per organisation and period what is owed, what was received and what is
 * outstanding, the receipts recorded, and the form that records one.
 */
@HoldsForms(DuesPages.RECEIPT)
@Path("/t/{tenant}/admin/dues")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class DuesPages implements FormPage {

    static final String RECEIPT = "receipt";

    static final Map<String, String> NOTICES = Map.of(
            "recorded", "The receipt was recorded.",
            "reversed", "The reversal was recorded.");

    /** What the page shows; {@code form} holds what was typed in a refused receipt. */
    public record View(TenantView tenant, CurrencyUnit currency, List<BuilderDues.BuilderAccount> builders,
            List<BuilderDues.Receipt> receipts, List<LicenceService.LicenceView> licensed, List<Period> periods,
            Map<String, String> form, List<Problem> problems, String notice, String today) {

        /** A field of the refused form as typed, or empty. */
        public String typed(String field) {
            return form.getOrDefault(field, "");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dues(View view);
    }

    @Inject
    BuilderDues dues;

    @Inject
    BuilderReceipts receipts;

    @Inject
    LicenceService licences;

    @Inject
    PeriodService periods;

    @Inject
    TenantDirectory directory;

    @GET
    public TemplateInstance dues(@PathParam("tenant") String tenant, @QueryParam("notice") String notice) {
        return Templates.dues(view(tenant, Map.of(), List.of(), notice == null ? null : NOTICES.get(notice)));
    }

    @POST
    @Path("receipts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(RECEIPT)
    public Response record(@PathParam("tenant") String tenant, @RestForm String builder, @RestForm String period,
            @RestForm String amount, @RestForm String receivedOn, @RestForm String reference, @RestForm String reversal) {
        boolean isReversal = reversal != null && !reversal.isBlank();
        receipts.record(new BuilderReceipts.NewReceipt(builder, period, amount, receivedOn, reference, isReversal));
        return Response.seeOther(Routes.withNotice(Routes.dues(tenant), isReversal ? "reversed" : "recorded")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.dues(view(refusal.path("tenant"),
                refusal.typedFields("builder", "period", "amount", "receivedOn", "reference", "reversal"), refusal.problems(), null));
    }

    private View view(String tenant, Map<String, String> form, List<Problem> problems, String notice) {
        TenantView t = directory.current(tenant);
        return new View(t, CurrencyUnit.of(t.currency()), dues.all(), dues.receipts(null), licences.ofTenant(), periods.list(),
                form, problems, notice, LocalDate.now(ZoneOffset.UTC).toString());
    }
}
