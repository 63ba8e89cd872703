package org.cmoportal.filing;

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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A builder's filing pages: the form with its live preview, the two ways to submit, and a filing with its history. */
@Path("/t/{tenant}/periods/{period}/filings")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.LICENSED_BUILDER)
public class FilingPages {

    /** The form as shown: what was typed, the weight rows, problems of a refused submission, the preview. */
    public record Form(String tenant, String tenantName, String period, String currency, List<String> categories,
            Map<String, String> values, List<WeightRow> weights, List<Problem> problems, String problemsFor,
            String idempotencyKey, FilingPreview preview, List<FilingService.Filer> filers) {

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        public String base() {
            return "/t/" + tenant + "/periods/" + period + "/filings";
        }
    }

    /** One row of the mixture table. */
    public record WeightRow(String category, String weight) {
    }

    /** A stored filing as its page shows it. */
    public record Page(FilingView filing, String tenantName, String builderName, List<Problem> notes,
            List<HistoryLine> history, Map<String, String> grouped, List<FilingView.CategoryView> categories, boolean periodOpen) {
    }

    /** One submission in the history of a model's filing. */
    public record HistoryLine(Long id, int seq, String status, String submittedAt, String tenantGross, boolean current) {
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

    @GET
    @Path("new")
    public TemplateInstance form(@PathParam("tenant") String tenant, @PathParam("period") String period) {
        filings.openPeriod(period);
        FilingTerms terms = filings.terms();
        List<WeightRow> rows = new ArrayList<>();
        terms.categories().forEach(c -> rows.add(new WeightRow(c, "")));
        rows.add(new WeightRow("other", ""));
        Map<String, String> values = Map.of("currency", terms.currency().code());
        return Templates.form(form(tenant, period, terms, values, rows, List.of(), null, UUID.randomUUID().toString(),
                filings.filers()));
    }

    /** The live preview (a fragment): what the figures typed so far come to. GET: it changes nothing. */
    @GET
    @Path("preview")
    public TemplateInstance preview(@PathParam("tenant") String tenant, @PathParam("period") String period,
            @RestQuery("model") String model, @RestQuery("revenue") String revenue,
            @RestQuery("servingCost") String servingCost, @RestQuery("postTrainingCost") String postTrainingCost,
            @RestQuery("dataValueShare") String dataValueShare, @RestQuery("weightCategory") List<String> categories,
            @RestQuery("weightValue") List<String> weights) {
        FilingTerms terms = filings.terms();
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "model", model);
        put(values, "revenue", revenue);
        put(values, "servingCost", servingCost);
        put(values, "postTrainingCost", postTrainingCost);
        put(values, "dataValueShare", dataValueShare);
        values.put("currency", terms.currency().code());
        List<WeightRow> rows = rows(categories, weights);
        return Templates.form$preview(form(tenant, period, terms, values, rows, List.of(), null, "", List.of()));
    }

    @GET
    @Path("new/row")
    public TemplateInstance row(@PathParam("tenant") String tenant, @PathParam("period") String period) {
        FilingTerms terms = filings.terms();
        return Templates.form$weight_row(form(tenant, period, terms, Map.of(), List.of(), List.of(), null, "", List.of()),
                new WeightRow("", ""));
    }

    /** Answers a row's remove button with nothing (the row is swapped out) and asks the preview to refresh. */
    @GET
    @Path("new/removed")
    public Response removed(@PathParam("period") String period) {
        return Response.ok("").header("HX-Trigger", "weights-changed").build();
    }

    /** Submits the form: figures as fields, usage as a file. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submitForm(@PathParam("tenant") String tenant, @PathParam("period") String period,
            MultipartFormDataInput input) throws IOException {
        FilingParts parts = new FilingParts(input);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : List.of("builder", "model", "currency", "revenue", "servingCost", "postTrainingCost", "dataValueShare",
                "attestationEvaluator", "attestationReference", "attestationSha256")) {
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
        try {
            FilingService.Submission s = filings.submit(period, values.get("builder"), doc, problems, parts.stream("usage"), key);
            return Response.seeOther(URI.create("/t/" + tenant + "/periods/" + period + "/filings/" + s.filing().id)).build();
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.INVALID && e.kind() != DomainException.Kind.TOO_LARGE) {
                throw e;
            }
            FilingTerms terms = filings.terms();
            return Response.status(e.kind().status)
                    .entity(Templates.form(form(tenant, period, terms, values, rows.isEmpty() ? List.of(new WeightRow("", "")) : rows,
                            e.problems(), "form", key == null ? UUID.randomUUID().toString() : key, filings.filers())))
                    .build();
        }
    }

    /** Submits {@code filing.json} and {@code usage.csv} as files, for builders whose systems write them. */
    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submitFiles(@PathParam("tenant") String tenant, @PathParam("period") String period,
            MultipartFormDataInput input) throws IOException {
        FilingParts parts = new FilingParts(input);
        FilingJsonReader.Parsed parsed = FilingJsonReader.read(parts.bytes("filing", FilingJsonReader.MAX_BYTES));
        String key = parts.text("idempotencyKey");
        String builder = parts.text("builder");
        try {
            FilingService.Submission s = filings.submit(period, builder, parsed.document(), parsed.problems(), parts.stream("usage"), key);
            return Response.seeOther(URI.create("/t/" + tenant + "/periods/" + period + "/filings/" + s.filing().id)).build();
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.INVALID && e.kind() != DomainException.Kind.TOO_LARGE) {
                throw e;
            }
            FilingTerms terms = filings.terms();
            List<WeightRow> rows = new ArrayList<>();
            terms.categories().forEach(c -> rows.add(new WeightRow(c, "")));
            return Response.status(e.kind().status)
                    .entity(Templates.form(form(tenant, period, terms, builder == null ? Map.of("currency", terms.currency().code())
                            : Map.of("currency", terms.currency().code(), "builder", builder), rows,
                            e.problems(), "files", UUID.randomUUID().toString(), filings.filers())))
                    .build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance filing(@PathParam("period") String period,
            @PathParam("id") long id) {
        FilingService.Loaded loaded = filings.get(period, id);
        FilingView view = FilingView.of(loaded);
        CurrencyUnit cu = CurrencyUnit.of(loaded.filing().currency);
        Map<String, String> grouped = new LinkedHashMap<>();
        Filing f = loaded.filing();
        grouped.put("revenue", Amounts.formatGrouped(f.revenue, cu));
        grouped.put("servingCost", Amounts.formatGrouped(f.servingCost, cu));
        grouped.put("postTrainingCost", Amounts.formatGrouped(f.postTrainingCost, cu));
        grouped.put("operatingProfit", Amounts.formatGrouped(f.operatingProfit, cu));
        grouped.put("pool", Amounts.formatGrouped(f.pool, cu));
        grouped.put("tenantGross", Amounts.formatGrouped(f.tenantGross, cu));
        List<HistoryLine> history = filings.history(f).stream().map(h -> new HistoryLine(h.id, h.seq, h.status.name(),
                h.submittedAt.toString(), Amounts.formatGrouped(h.tenantGross, cu), h.id.equals(f.id))).toList();
        return Templates.filing(new Page(view, loaded.terms().tenantName(), loaded.builderName(), filings.notes(loaded),
                history, grouped, loaded.categories().stream().map(c -> new FilingView.CategoryView(c.category(), c.weight().toString(),
                        c.administered(), Amounts.formatGrouped(c.amount(), cu), c.fee() == null ? null : Amounts.formatGrouped(c.fee(), cu),
                        c.net() == null ? null : Amounts.formatGrouped(c.net(), cu), c.units())).toList(),
                loaded.periodState() == org.cmoportal.period.Period.State.OPEN));
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
