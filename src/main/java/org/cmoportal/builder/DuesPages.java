package org.cmoportal.builder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.tenant.TenantView;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The administrator's view of builder dues: per organisation and period what is owed, what was received and what is
 * outstanding, the receipts recorded, and the form that records one. Both lists grow (organisations as the CMO
 * licenses them, receipts with every payment), so each is read a page at a time ({@code page} and
 * {@code receiptsPage}), and one search narrows both: organisations by name or slug, receipts also by period or bank
 * reference; its htmx asks the two lists alone ({@code HX-Target: dues-lists}).
 */
@HoldsForms(DuesPages.RECEIPT)
@Path("/t/{tenant}/admin/dues")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class DuesPages implements FormPage {

    static final String RECEIPT = "receipt";

    /** How many of the chosen organisation's latest dues, and of the CMO's latest periods, the form suggests. */
    static final int SUGGESTED = 6;

    /** The receipts' page parameter: the organisations, first on the page, have {@code page}. */
    static final String RECEIPTS_PAGE = "receiptsPage";

    static final Map<String, String> NOTICES = Map.of(
            "recorded", "The receipt was recorded.",
            "reversed", "The reversal was recorded.");

    /**
     * The receipt form as shown. Licensed organisations grow without bound, so the form never lists them: "Record a
     * receipt" on an organisation's row of the (paged, searchable) dues opens the form with that organisation fixed and
     * named ({@code chosen}), and otherwise the administrator types its slug ({@code builder}), which the server checks
     * like every other field. The period is typed too, with suggestions that stay few: the chosen organisation's latest
     * dues (what it most likely pays for, with what is outstanding) and the CMO's latest periods (a payment ahead of a
     * distribution is for a period with nothing owed yet); a label outside them is still accepted when it exists.
     *
     * @param builder the organisation's slug as typed or asked for, empty for none
     * @param chosen the licensed organisation it names, or null (none asked for, or not licensed here)
     * @param dues the chosen organisation's latest dues, newest first
     * @param latest the CMO's latest periods not already among {@code dues}
     */
    public record ReceiptForm(String builder, BuilderReceipts.Licensed chosen, List<BuilderDues.Due> dues, List<Period> latest) {
    }

    /**
     * What the page shows; {@code form} holds what was typed in a refused receipt, or the organisation whose row opened
     * the form.
     */
    public record View(TenantView tenant, CurrencyUnit currency, BuilderDues.Accounts builders,
            BuilderDues.Receipts receipts, String query, ReceiptForm receipt,
            Map<String, String> form, List<Problem> problems, String notice, String today) {

        /** The form for the organisation {@code slug}, opened from its row: the search and both lists' pages kept. */
        public String recordFrom(String slug) {
            return builders.paging().at(buildersBase(), builders.paging().page()) + "&builder="
                    + URLEncoder.encode(slug, StandardCharsets.UTF_8) + "#record-h";
        }

        /** The base of the organisations' page links: the search and the receipts' page kept. */
        public String buildersBase() {
            return receipts.paging().at(Paging.searched(Routes.dues(tenant.slug()), query), receipts.paging().page(), RECEIPTS_PAGE);
        }

        /** The base of the receipts' page links: the search and the organisations' page kept. */
        public String receiptsBase() {
            return builders.paging().at(Paging.searched(Routes.dues(tenant.slug()), query), builders.paging().page(), "page");
        }

        /** A field of the refused form as typed, or empty. */
        public String typed(String field) {
            return form.getOrDefault(field, "");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dues(View view);

        static native TemplateInstance dues$dues_lists(View view);
    }

    @Inject
    BuilderDues dues;

    @Inject
    BuilderReceipts receipts;

    @Inject
    PeriodService periods;

    @Inject
    TenantDirectory directory;

    /**
     * The page, or its two lists alone when the search's htmx asks for them ({@code HX-Target: dues-lists});
     * {@code builder} opens the receipt form for that organisation (its row's "Record a receipt").
     */
    @GET
    public TemplateInstance dues(@PathParam("tenant") String tenant, @QueryParam("notice") String notice,
            @QueryParam("q") String query, @QueryParam("page") String page, @QueryParam(RECEIPTS_PAGE) String receiptsPage,
            @QueryParam("builder") String builder, @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, query, Paging.requested(page), Paging.requested(receiptsPage),
                builder == null ? Map.of() : Map.of("builder", builder), List.of(), notice == null ? null : NOTICES.get(notice));
        return "dues-lists".equals(hxTarget) ? Templates.dues$dues_lists(view) : Templates.dues(view);
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
        return Templates.dues(view(refusal.path("tenant"), null, 1, 1,
                refusal.typedFields("builder", "period", "amount", "receivedOn", "reference", "reversal"), refusal.problems(), null));
    }

    private View view(String tenant, String query, int page, int receiptsPage, Map<String, String> form, List<Problem> problems,
            String notice) {
        TenantView t = directory.current(tenant);
        return new View(t, CurrencyUnit.of(t.currency()), dues.page(query, page), dues.receiptPage(query, receiptsPage),
                Paging.query(query), receiptForm(form.getOrDefault("builder", "")), form, problems, notice,
                LocalDate.now(ZoneOffset.UTC).toString());
    }

    /** The receipt form for the organisation typed or asked for: named when this CMO licenses it, its latest dues suggested. */
    private ReceiptForm receiptForm(String builder) {
        BuilderReceipts.Licensed chosen = receipts.licensed(builder).orElse(null);
        List<BuilderDues.Due> owed = chosen == null ? List.of() : dues.owed(List.of(chosen.id()), 1, SUGGESTED).rows();
        Set<String> suggested = owed.stream().map(BuilderDues.Due::period).collect(Collectors.toSet());
        List<Period> latest = periods.latest(SUGGESTED).stream().filter(p -> !suggested.contains(p.label)).toList();
        return new ReceiptForm(builder.strip(), chosen, owed, latest);
    }
}
