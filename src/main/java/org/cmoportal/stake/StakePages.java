package org.cmoportal.stake;

import java.util.ArrayList;
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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.statement.chart.BarChart;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.cmoportal.tenancy.ReadsReplica;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The stakes pages: a member's stakes per model (with how each changed by period, as a chart and a table), the
 * administrator's register per model, grants to accept and ballots to open, and a builder's models with the grant
 * form. Ballots themselves are {@link BallotPages}.
 */
@Path("/t/{tenant}")
@Produces(MediaType.TEXT_HTML)
@HoldsForms({StakePages.BALLOT_FORM, StakePages.GRANT_REVIEW, StakePages.GRANT_FORM})
public class StakePages implements FormPage {

    static final String BALLOT_FORM = "ballot-opening";
    static final String GRANT_REVIEW = "stake-grant-review";
    static final String GRANT_FORM = "stake-grant";

    /** The ballots' page parameter on a member's stakes, the history being first with {@code page}. */
    static final String BALLOTS_PAGE = "ballotsPage";

    /** The grants' page parameter on the administrator's stakes page, the ballots being first with {@code page}. */
    static final String GRANTS_PAGE = "grantsPage";

    /** The models' page parameter on the administrator's stakes page. */
    static final String MODELS_PAGE = "modelsPage";

    static final Map<String, String> NOTICES = Map.of(
            "ballot-opened", "The ballot is open. Members with a stake in the model vote until it closes; it closes by itself.",
            "grant-accepted", "Accepted. Another administrator confirms the grant; then the CMO holds it in trust.",
            "grant-held", "Confirmed: the CMO holds the grant in trust for the model's stakeholders.",
            "grant-recorded", "The grant is recorded. Two administrators of the CMO accept it.");

    /** One model in a member's stakes: the stake, where it comes from, and how it moved (the chart). */
    public record MemberModel(StakeRegister.Holding holding, BarChart chart) {
    }

    /**
     * A member's stakes: per model the stake and its chart; then, a page at a time and narrowed by one search, how the
     * stakes changed by period ({@code page}) and the ballots on the models ({@code ballotsPage}).
     */
    public record MemberView(String tenant, String tenantName, CurrencyUnit currency, String ref, List<MemberModel> models,
            StakeRegister.History history, Ballots.Found ballots, String query) {

        /** The base of the history's page links: the search and the ballots' page kept. */
        public String historyBase() {
            return ballots.paging().at(Paging.searched(Routes.memberStakes(tenant, ref), query), ballots.paging().page(), BALLOTS_PAGE);
        }

        /** The base of the ballots' page links: the search and the history's page kept. */
        public String ballotsBase() {
            return history.paging().at(Paging.searched(Routes.memberStakes(tenant, ref), query), history.paging().page(), "page");
        }

        /** Where the history shows one model alone. */
        public String historyOf(String model) {
            return Paging.searched(Routes.memberStakes(tenant, ref), model) + "#history-h";
        }
    }

    /**
     * The administrator's stakes: the models ({@code modelsPage}), the grants ({@code grantsPage}) and the ballots
     * ({@code page}), each a page at a time and all narrowed by the page's one search; each list's page links keep the
     * other two lists where they are. The ballot form takes a model by its name ({@code anyModel}: whether one is filed
     * here at all, whatever the search shows).
     */
    public record AdminView(String tenant, String tenantName, StakeRegister.Models models, boolean anyModel,
            StakeGrants.Found grants, Ballots.Found ballots, String query, String me, String problemsFor,
            List<Problem> problems, Map<String, String> form, String notice) {

        /** The base of the models' page links: the search and the other two lists' pages kept. */
        public String modelsBase() {
            return keep(keep(searched(), GRANTS_PAGE, grants.paging()), "page", ballots.paging());
        }

        /** The base of the grants' page links: the search and the other two lists' pages kept. */
        public String grantsBase() {
            return keep(keep(searched(), MODELS_PAGE, models.paging()), "page", ballots.paging());
        }

        /** The base of the ballots' page links: the search and the other two lists' pages kept. */
        public String ballotsBase() {
            return keep(keep(searched(), MODELS_PAGE, models.paging()), GRANTS_PAGE, grants.paging());
        }

        /** Whether the refused ballot form has a problem at {@code field} (the field is marked invalid). */
        public boolean ballotProblemAt(String field) {
            return BALLOT_FORM.equals(problemsFor) && problems.stream().anyMatch(p -> field.equals(p.where()));
        }

        private String searched() {
            return Paging.searched(Routes.adminStakes(tenant), query);
        }

        private static String keep(String base, String param, Paging paging) {
            return paging.at(base, paging.page(), param);
        }
    }

    /** A model's register with its grants and a page of its ballots ({@code ballotsPage}: the holders are {@code page}). */
    public record RegisterView(StakeRegister.Page register, List<StakeGrants.Grant> grants, Ballots.Found ballots) {
    }

    /** A builder's models with their grants and a page of the ballots on them, searched by model or question. */
    public record BuilderView(String tenant, String tenantName, List<StakeRegister.Model> models,
            List<StakeGrants.Grant> grants, Ballots.Found ballots, String query, List<Problem> problems, Map<String, String> form,
            String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance member(MemberView view);

        static native TemplateInstance member$stake_lists(MemberView view);

        static native TemplateInstance admin(AdminView view);

        static native TemplateInstance register(RegisterView view);

        static native TemplateInstance register$holder_rows(RegisterView view);

        static native TemplateInstance builder(BuilderView view);

        static native TemplateInstance builder$ballot_rows(BuilderView view);
    }

    @Inject
    StakeRegister register;

    @Inject
    StakeGrants grants;

    @Inject
    Ballots ballots;

    @Inject
    ModelAccess access;

    @Inject
    TenantDirectory tenants;

    @Inject
    TenantScope scope;

    // ------------------------------------------------------------------ the member

    /** The member's stakes, or its two lists alone when the search's htmx asks for them ({@code HX-Target: stake-lists}). */
    @ReadsReplica
    @GET
    @Path("stakes/{ref}")
    @TenantAccess(Party.MEMBER)
    public TemplateInstance member(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @QueryParam("q") String query, @QueryParam("page") String page, @QueryParam(BALLOTS_PAGE) String ballotsPage,
            @RestHeader("HX-Target") String hxTarget) {
        access.requireRef(ref);
        Tenant t = tenants.get(tenant);
        CurrencyUnit c = CurrencyUnit.of(t.currency);
        List<StakeRegister.Holding> holdings = register.holdings(ref);
        List<String> names = holdings.stream().map(StakeRegister.Holding::model).toList();
        StakeRegister.History history = register.history(ref, names, query, Paging.requested(page));
        Ballots.Found found = ballots.onModels(names, query, Paging.requested(ballotsPage));
        if ("stake-lists".equals(hxTarget)) {
            return Templates.member$stake_lists(new MemberView(tenant, t.name, c, ref, List.of(), history, found, Paging.query(query)));
        }
        List<MemberModel> models = new ArrayList<>();
        for (StakeRegister.Holding h : holdings) {
            List<StakeRegister.Point> points = register.history(h.model(), ref);
            BarChart chart = BarChart.of("stake-" + models.size(), "Stake in " + h.model() + " after each period",
                    "Your stake in " + h.model() + " after each period with payouts, as a percentage of the model's"
                            + " payouts to all members; now " + h.stake().percent() + ".",
                    "Stake", points.stream().map(p -> new BarChart.Input(p.period(),
                            p.stake().rounded(6).movePointRight(6).longValueExact())).toList(),
                    v -> java.math.BigDecimal.valueOf(v, 4).stripTrailingZeros().toPlainString() + "%");
            models.add(new MemberModel(h, chart));
        }
        return Templates.member(new MemberView(tenant, t.name, c, ref, models, history, found, Paging.query(query)));
    }

    // ------------------------------------------------------------------ the administrator

    @GET
    @Path("admin/stakes")
    @TenantAccess(Party.ADMIN)
    public TemplateInstance admin(@PathParam("tenant") String tenant, @QueryParam("notice") String notice,
            @QueryParam("q") String query, @QueryParam("page") String page, @QueryParam(GRANTS_PAGE) String grantsPage,
            @QueryParam(MODELS_PAGE) String modelsPage) {
        return Templates.admin(adminView(tenant, query, Paging.requested(page), Paging.requested(grantsPage),
                Paging.requested(modelsPage), null, List.of(), Map.of(), notice == null ? null : NOTICES.get(notice)));
    }

    @ReadsReplica
    @GET
    @Path("admin/stakes/{model}")
    @TenantAccess(Party.ADMIN)
    public TemplateInstance register(@PathParam("model") String model, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam(BALLOTS_PAGE) String ballotsPage,
            @RestHeader("HX-Target") String hxTarget) {
        StakeRegister.Page p = register.page(model, query, Paging.requested(page));
        if ("holder-rows".equals(hxTarget)) {
            return Templates.register$holder_rows(new RegisterView(p, List.of(), null));
        }
        return Templates.register(new RegisterView(p, grants.ofModel(model),
                ballots.onModels(List.of(p.model().name()), null, Paging.requested(ballotsPage))));
    }

    @GET
    @Path("admin/stakes/{model}/csv")
    @Produces("text/csv")
    @TenantAccess(Party.ADMIN)
    public Response registerCsv(@PathParam("tenant") String tenant, @PathParam("model") String model) {
        return StakeApi.csv(tenant, model, register, scope);
    }

    @POST
    @Path("admin/stakes/ballots")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @TenantAccess(Party.ADMIN)
    @ReshowOnRefusal(value = BALLOT_FORM, where = "ballot")
    public Response openBallot(@PathParam("tenant") String tenant, @RestForm String model, @RestForm String question,
            @RestForm String closesAt, @RestForm String quorum, @RestForm String threshold) {
        // typed, not chosen from every model: an unknown name is the form's problem here (the API's is a 404)
        String name = model == null ? "" : model.strip();
        if (name.isEmpty()) {
            throw DomainException.invalid("model", "type the name of a model filed with this CMO, as the Models list shows it");
        }
        if (register.model(name).isEmpty()) {
            throw DomainException.invalid("model", "no model of that name is filed with this CMO; type the name as the Models"
                    + " list shows it (search the list by model or builder)");
        }
        Ballots.Ballot b = ballots.open(name, question, closesAt, quorum, threshold);
        return Response.seeOther(Routes.withNotice(Routes.ballot(tenant, b.id()), "ballot-opened")).build();
    }

    @POST
    @Path("admin/stake-grants/{id}/accept")
    @TenantAccess(Party.ADMIN)
    @ReshowOnRefusal(value = GRANT_REVIEW, where = "grant {id}")
    public Response accept(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        grants.accept(id);
        return Response.seeOther(Routes.withNotice(Routes.adminStakes(tenant), "grant-accepted")).build();
    }

    @POST
    @Path("admin/stake-grants/{id}/confirm")
    @TenantAccess(Party.ADMIN)
    @ReshowOnRefusal(value = GRANT_REVIEW, where = "grant {id}")
    public Response confirm(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        grants.confirm(id);
        return Response.seeOther(Routes.withNotice(Routes.adminStakes(tenant), "grant-held")).build();
    }

    // ------------------------------------------------------------------ the builder

    @GET
    @Path("builder/stakes")
    @TenantAccess(Party.LICENSED_BUILDER)
    public TemplateInstance builder(@PathParam("tenant") String tenant, @QueryParam("notice") String notice,
            @QueryParam("q") String query, @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        BuilderView view = builderView(tenant, List.of(), Map.of(), notice == null ? null : NOTICES.get(notice), query,
                Paging.requested(page));
        return "ballot-rows".equals(hxTarget) ? Templates.builder$ballot_rows(view) : Templates.builder(view);
    }

    @POST
    @Path("builder/stakes/grants")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @TenantAccess(Party.LICENSED_BUILDER)
    @ReshowOnRefusal(value = GRANT_FORM, where = "grant")
    public Response recordGrant(@PathParam("tenant") String tenant, @RestForm String model, @RestForm String share,
            @RestForm String reference, @RestForm String sha256) {
        if (model == null || model.isBlank()) {
            throw DomainException.invalid("model", "choose one of your models filed with this CMO");
        }
        grants.propose(model, share, reference, sha256);
        return Response.seeOther(Routes.withNotice(Routes.builderStakes(tenant), "grant-recorded")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        String tenant = refusal.path("tenant");
        if (GRANT_FORM.equals(refusal.form())) {
            return Templates.builder(builderView(tenant, refusal.problems(),
                    refusal.typedFields("model", "share", "reference", "sha256"), null));
        }
        return Templates.admin(adminView(tenant, null, 1, 1, 1, refusal.form(), refusal.problems(),
                refusal.typedFields("model", "question", "closesAt", "quorum", "threshold"), null));
    }

    private AdminView adminView(String tenant, String query, int page, int grantsPage, int modelsPage, String problemsFor,
            List<Problem> problems, Map<String, String> form, String notice) {
        Tenant t = tenants.get(tenant);
        return new AdminView(tenant, t.name, register.models(query, modelsPage), register.anyModel(), grants.find(query, grantsPage),
                ballots.find(query, page), Paging.query(query), access.actor(), problemsFor, problems, form, notice);
    }

    private BuilderView builderView(String tenant, List<Problem> problems, Map<String, String> form, String notice) {
        return builderView(tenant, problems, form, notice, null, 1);
    }

    private BuilderView builderView(String tenant, List<Problem> problems, Map<String, String> form, String notice,
            String query, int page) {
        Tenant t = tenants.get(tenant);
        List<StakeRegister.Model> mine = register.filedBy(access.builderIds());
        List<String> names = mine.stream().map(StakeRegister.Model::name).toList();
        return new BuilderView(tenant, t.name, mine,
                grants.onModels(names),
                ballots.onModels(names, query, page), Paging.query(query), problems, form, notice);
    }
}
