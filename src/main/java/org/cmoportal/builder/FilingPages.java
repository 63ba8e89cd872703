package org.cmoportal.builder;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.distribution.ShareBand;
import org.cmoportal.error.Problem;
import org.cmoportal.filing.Filing;
import org.cmoportal.filing.FilingDocument;
import org.cmoportal.filing.FilingJsonReader;
import org.cmoportal.filing.FilingParts;
import org.cmoportal.filing.FilingPreview;
import org.cmoportal.filing.FilingService;
import org.cmoportal.filing.FilingTerms;
import org.cmoportal.filing.FilingView;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.period.Period;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A builder's filing pages: the form with its live preview, the two ways to submit, and a filing with its history.
 * A refused submission shows the form again with its problems, beside the way it was sent.
 */
@HoldsForms({FilingPages.FORM, FilingPages.FILES})
@Path("/t/{tenant}/periods/{period}/filings")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.LICENSED_BUILDER)
public class FilingPages implements FormPage {

    /** The figures typed into the form, with the usage file. */
    static final String FORM = "filing";
    /** filing.json and usage.csv sent as files. */
    static final String FILES = "filing-files";

    /** The form's text fields, in the order a refused form shows them again. */
    private static final List<String> FIELDS = List.of("builder", "model", "currency", "revenue", "servingCost",
            "postTrainingCost", "dataValueShare", "attestationEvaluator", "attestationReference", "attestationSha256");

    /** The form as shown: what was typed, the weight rows, problems of a refused submission, the preview. */
    public record Form(String tenant, String tenantName, String period, String currency, List<String> categories,
            Map<String, String> values, List<WeightRow> weights, List<Problem> problems, String problemsFor,
            String idempotencyKey, FilingPreview preview, List<FilingService.Filer> filers) {

        public String value(String name) {
            return values.getOrDefault(name, "");
        }
    }

    /** One row of the mixture table. */
    public record WeightRow(String category, String weight) {
    }

    /**
     * A stored filing as its page shows it: the API's view for its words, the stored figures in minor units of
     * {@code currency} and exact rates for its numbers.
     */
    public record Page(FilingView filing, CurrencyUnit currency, Figures figures, String tenantName, String builderName,
            List<Problem> notes, List<HistoryLine> history, List<FilingService.CategoryRow> categories, boolean periodOpen) {
    }

    /** A stored filing's figures, and the band of data-value shares its CMO accepts without review. */
    public record Figures(long revenue, long servingCost, long postTrainingCost, long operatingProfit, long pool,
            long tenantGross, Rate dataValueShare, ShareBand shareBand) {
    }

    /** One submission in the history of a model's filing. */
    public record HistoryLine(Long id, int seq, String status, String submittedAt, long tenantGross, boolean current) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(Form form);

        static native TemplateInstance form$preview(Form form);

        static native TemplateInstance form$weight_row(Form form, WeightRow row);

        static native TemplateInstance filing(Page page);
    }

    @Inject
    FilingService filings;

    /**
     * The form, with whatever the query carries already filled in, so that the address of any state of the form
     * shows that state. htmx asks the same address for the form's parts: the live preview of what the figures come
     * to (it targets {@code #preview}), an empty mixture row ({@code #weight-rows}), and a row's removal (its button,
     * named {@code remove-row}, deletes the row itself; the answer asks the preview to refresh). GET: nothing changes.
     */
    @GET
    @Path("new")
    public Response form(@PathParam("tenant") String tenant, @PathParam("period") String period,
            @RestQuery("builder") String builder, @RestQuery("model") String model, @RestQuery("revenue") String revenue,
            @RestQuery("servingCost") String servingCost, @RestQuery("postTrainingCost") String postTrainingCost,
            @RestQuery("dataValueShare") String dataValueShare, @RestQuery("weightCategory") List<String> categories,
            @RestQuery("weightValue") List<String> weights, @RestHeader("HX-Target") String hxTarget,
            @RestHeader("HX-Trigger-Name") String hxTriggerName) {
        if (hxTriggerName != null && hxTriggerName.equals("remove-row")) {
            return Response.ok("").header("HX-Trigger", "weights-changed").build();
        }
        FilingTerms terms = filings.terms();
        if ("weight-rows".equals(hxTarget)) {
            return Response.ok(Templates.form$weight_row(form(tenant, period, terms, Map.of(), List.of(), List.of(), null, "",
                    List.of()), new WeightRow("", ""))).build();
        }
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "builder", builder);
        put(values, "model", model);
        put(values, "revenue", revenue);
        put(values, "servingCost", servingCost);
        put(values, "postTrainingCost", postTrainingCost);
        put(values, "dataValueShare", dataValueShare);
        values.put("currency", terms.currency().code());
        List<WeightRow> rows = rows(categories, weights);
        if ("preview".equals(hxTarget)) {
            return Response.ok(Templates.form$preview(form(tenant, period, terms, values, rows, List.of(), null, "", List.of())))
                    .build();
        }
        filings.openPeriod(period);
        if (rows.isEmpty()) {
            terms.categories().forEach(c -> rows.add(new WeightRow(c, "")));
            rows.add(new WeightRow("other", ""));
        }
        return Response.ok(Templates.form(form(tenant, period, terms, values, rows, List.of(), null, UUID.randomUUID().toString(),
                filings.filers()))).build();
    }

    /** Submits the form: figures as fields, usage as a file. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ReshowOnRefusal(FORM)
    public Response submitForm(@PathParam("tenant") String tenant, @PathParam("period") String period,
            MultipartFormDataInput input) throws IOException {
        FilingParts parts = new FilingParts(input);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : FIELDS) {
            put(values, name, parts.text(name));
        }
        List<WeightRow> rows = rows(parts.texts("weightCategory"), parts.texts("weightValue"));
        Map<String, String> weights = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (WeightRow r : rows) {
            if (weights.containsKey(r.category())) {
                problems.add(new Problem("mixtureWeights." + r.category(), "the category is listed twice; list each category once"));
            }
            weights.put(r.category(), r.weight().isEmpty() ? null : r.weight());
        }
        FilingDocument.Attestation attestation = values.containsKey("attestationEvaluator") || values.containsKey("attestationReference")
                || values.containsKey("attestationSha256")
                ? new FilingDocument.Attestation(values.get("attestationEvaluator"), values.get("attestationReference"), values.get("attestationSha256"))
                : null;
        FilingDocument doc = new FilingDocument(values.get("model"), period, values.get("currency"), values.get("revenue"),
                values.get("servingCost"), values.get("postTrainingCost"), values.get("dataValueShare"), weights, attestation);
        String key = parts.text("idempotencyKey");
        FilingService.Submission s = filings.submit(period, values.get("builder"), doc, problems, parts.stream("usage"), key);
        return Response.seeOther(URI.create(Routes.filing(tenant, period, s.filing().id))).build();
    }

    /** Submits {@code filing.json} and {@code usage.csv} as files, for builders whose systems write them. */
    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ReshowOnRefusal(FILES)
    public Response submitFiles(@PathParam("tenant") String tenant, @PathParam("period") String period,
            MultipartFormDataInput input) throws IOException {
        FilingParts parts = new FilingParts(input);
        FilingJsonReader.Parsed parsed = FilingJsonReader.read(parts.bytes("filing", FilingJsonReader.MAX_BYTES));
        String key = parts.text("idempotencyKey");
        String builder = parts.text("builder");
        FilingService.Submission s = filings.submit(period, builder, parsed.document(), parsed.problems(), parts.stream("usage"), key);
        return Response.seeOther(URI.create(Routes.filing(tenant, period, s.filing().id))).build();
    }

    /**
     * The form again beside the way the filing was sent: typed figures and weight rows (and the same idempotency
     * key, so sending it again cannot file twice) for the form; the organisation chosen for the files.
     */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        String tenant = refusal.path("tenant");
        String period = refusal.path("period");
        FilingTerms terms = filings.terms();
        if (FORM.equals(refusal.form())) {
            Map<String, String> values = new LinkedHashMap<>();
            FIELDS.forEach(name -> put(values, name, refusal.typed(name)));
            List<WeightRow> rows = rows(refusal.typedAll("weightCategory"), refusal.typedAll("weightValue"));
            String key = refusal.typed("idempotencyKey");
            return Templates.form(form(tenant, period, terms, values, rows.isEmpty() ? List.of(new WeightRow("", "")) : rows,
                    refusal.problems(), "form", key.isEmpty() ? UUID.randomUUID().toString() : key, filings.filers()));
        }
        List<WeightRow> rows = new ArrayList<>();
        terms.categories().forEach(c -> rows.add(new WeightRow(c, "")));
        String builder = refusal.typed("builder");
        return Templates.form(form(tenant, period, terms, builder.isEmpty() ? Map.of("currency", terms.currency().code())
                : Map.of("currency", terms.currency().code(), "builder", builder), rows,
                refusal.problems(), "files", UUID.randomUUID().toString(), filings.filers()));
    }

    @GET
    @Path("{id}")
    public TemplateInstance filing(@PathParam("period") String period,
            @PathParam("id") long id) {
        FilingService.Loaded loaded = filings.get(period, id);
        FilingView view = FilingView.of(loaded);
        CurrencyUnit cu = CurrencyUnit.of(loaded.filing().currency);
        Filing f = loaded.filing();
        Figures figures = new Figures(f.revenue, f.servingCost, f.postTrainingCost, f.operatingProfit, f.pool, f.tenantGross,
                Rate.ofMillionths(f.dataValueShare.movePointRight(6).longValueExact()), loaded.terms().terms().shareBand());
        List<HistoryLine> history = filings.history(f).stream().map(h -> new HistoryLine(h.id, h.seq, h.status.name(),
                h.submittedAt.toString(), h.tenantGross, h.id.equals(f.id))).toList();
        return Templates.filing(new Page(view, cu, figures, loaded.terms().tenantName(), loaded.builderName(), filings.notes(loaded),
                history, loaded.categories(), loaded.periodState() == Period.State.OPEN));
    }

    private Form form(String tenant, String period, FilingTerms terms, Map<String, String> values, List<WeightRow> rows,
            List<Problem> problems, String problemsFor, String key, List<FilingService.Filer> filers) {
        Map<String, String> weights = new LinkedHashMap<>();
        rows.forEach(r -> weights.put(r.category(), r.weight().isEmpty() ? null : r.weight()));
        FilingDocument doc = new FilingDocument(values.get("model"), period, terms.currency().code(), values.get("revenue"),
                values.get("servingCost"), values.get("postTrainingCost"), values.get("dataValueShare"),
                weights.isEmpty() ? null : weights, null);
        FilingPreview preview = FilingPreview.of(doc, terms, period);
        return new Form(tenant, terms.tenantName(), period, terms.currency().code(), terms.categories(), values, rows,
                problems, problemsFor, key, preview, filers);
    }

    /** The mixture rows typed, leaving out rows with neither a category nor a weight. */
    private static List<WeightRow> rows(List<String> categories, List<String> weights) {
        List<WeightRow> rows = new ArrayList<>();
        int n = Math.max(categories == null ? 0 : categories.size(), weights == null ? 0 : weights.size());
        for (int i = 0; i < n; i++) {
            String c = categories != null && i < categories.size() && categories.get(i) != null ? categories.get(i).strip() : "";
            String w = weights != null && i < weights.size() && weights.get(i) != null ? weights.get(i).strip() : "";
            if (!c.isEmpty() || !w.isEmpty()) {
                rows.add(new WeightRow(c, w));
            }
        }
        return rows;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(name, value.strip());
        }
    }
}
