package org.cmoportal.payment;

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
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.tenant.TenantSettings;
import org.cmoportal.tenant.TenantSettingsService;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.Paging;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The administrators' payment runs: the list (searched by run number, state, administrator or a member ref it paid or
 * carried; the rows alone for htmx) with the minimum payout and the CMO's own account, proposing a run,
 * reviewing who is paid and who is carried and why (a page at a time, searched by the start of a member ref), the second administrator's approval, the bank
 * files, and the returns the bank reports.
 */
@HoldsForms({PaymentRunPages.RUNS, PaymentRunPages.DEBTOR, PaymentRunPages.RUN})
@Path("/t/{tenant}/admin/payment-runs")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class PaymentRunPages implements FormPage {

    static final String RUNS = "payment-runs";
    static final String DEBTOR = "debtor-account";
    static final String RUN = "payment-run";

    static final Map<String, String> NOTICES = Map.of(
            "proposed", "The run is proposed. Another administrator reviews who is paid and approves it.",
            "approved", "The run is approved: the payments are entered in the members' accounts. Download the bank file.",
            "returned", "The return is recorded and credited to the member's account.",
            "account-saved", "The CMO's bank account is saved.");

    /** The list page. */
    public record ListView(String tenant, String tenantName, CurrencyUnit currency, TenantSettings settings,
            BankAccounts.View debtor, PaymentRuns.Page<PaymentRuns.Run> runs, String query, String problemsFor,
            List<Problem> problems, Map<String, String> form, String notice) {
    }

    /**
     * One run's page: its header, a page of payments and one of carried balances (each with its own page parameter,
     * {@code payments} and {@code carried}, and both narrowed by one search of a member ref's start), its returns.
     */
    public record RunView(String tenant, String tenantName, PaymentRuns.Run run, CurrencyUnit currency, boolean mine,
            boolean hasDebtor, PaymentRuns.Page<PaymentRuns.PaymentLine> payments,
            PaymentRuns.Page<PaymentRuns.CarriedLine> carried, String query, List<PaymentRuns.Return> returns,
            List<Problem> problems, Map<String, String> form, String notice) {

        /** The base of the payments' page links: the search and the carried list's page kept. */
        public String paymentsBase() {
            return carried.paging().at(Paging.searched(Routes.paymentRun(tenant, run.id()), query), carried.page(), "carried");
        }

        /** The base of the carried list's page links: the search and the payments' page kept. */
        public String carriedBase() {
            return payments.paging().at(Paging.searched(Routes.paymentRun(tenant, run.id()), query), payments.page(), "payments");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ListView view);

        static native TemplateInstance list$run_rows(ListView view);

        static native TemplateInstance run(RunView view);

        static native TemplateInstance run$run_lists(RunView view);
    }

    @Inject
    PaymentRuns runs;

    @Inject
    PaymentFiles files;

    @Inject
    BankAccounts accounts;

    @Inject
    TenantSettingsService settings;

    @Inject
    TenantDirectory tenants;

    @Inject
    CurrentUser user;

    /** The page, or the runs alone when the search's htmx asks for them ({@code HX-Target: run-rows}). */
    @GET
    public TemplateInstance list(@PathParam("tenant") String tenant, @QueryParam("notice") String notice,
            @QueryParam("page") String page, @QueryParam("q") String query, @RestHeader("HX-Target") String hxTarget) {
        ListView view = listView(tenant, Paging.requested(page), query, null, List.of(), Map.of(),
                notice == null ? null : NOTICES.get(notice));
        return "run-rows".equals(hxTarget) ? Templates.list$run_rows(view) : Templates.list(view);
    }

    @POST
    @ReshowOnRefusal(value = RUNS, where = "payment run")
    public Response propose(@PathParam("tenant") String tenant) {
        PaymentRuns.Run run = runs.propose();
        return Response.seeOther(Routes.withNotice(Routes.paymentRun(tenant, run.id()), "proposed")).build();
    }

    @POST
    @Path("account")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = DEBTOR, where = "bank account")
    public Response saveDebtor(@PathParam("tenant") String tenant, @RestForm String accountHolder, @RestForm String iban,
            @RestForm String bic) {
        accounts.setDebtor(new BankAccounts.Entry(accountHolder, iban, bic));
        return Response.seeOther(Routes.withNotice(Routes.paymentRuns(tenant), "account-saved")).build();
    }

    /** The run's page, or its two lists alone when the search's htmx asks for them ({@code HX-Target: run-lists}). */
    @GET
    @Path("{id}")
    public TemplateInstance run(@PathParam("tenant") String tenant, @PathParam("id") long id,
            @QueryParam("payments") String paymentsPage, @QueryParam("carried") String carriedPage, @QueryParam("q") String query,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        RunView view = runView(tenant, id, Paging.requested(paymentsPage), Paging.requested(carriedPage), query, List.of(),
                Map.of(), notice == null ? null : NOTICES.get(notice));
        return "run-lists".equals(hxTarget) ? Templates.run$run_lists(view) : Templates.run(view);
    }

    @POST
    @Path("{id}/approve")
    @ReshowOnRefusal(value = RUN, where = "payment run {id}")
    public Response approve(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        runs.approve(id);
        return Response.seeOther(Routes.withNotice(Routes.paymentRun(tenant, id), "approved")).build();
    }

    @POST
    @Path("{id}/returns")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = RUN, where = "return")
    public Response recordReturn(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String ref,
            @RestForm String amount, @RestForm String reason) {
        runs.recordReturn(id, ref, amount, reason);
        return Response.seeOther(Routes.withNotice(Routes.paymentRun(tenant, id), "returned")).build();
    }

    @GET
    @Path("{id}/pain.001")
    @Produces("application/xml")
    public Response pain001(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return PaymentRunApi.pain001(tenant, id, files);
    }

    @GET
    @Path("{id}/csv")
    @Produces("text/csv")
    public Response csv(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        return PaymentRunApi.csv(tenant, id, files);
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        String tenant = refusal.path("tenant");
        if (RUN.equals(refusal.form())) {
            return Templates.run(runView(tenant, Long.parseLong(refusal.path("id")), 1, 1, null, refusal.problems(),
                    refusal.typedFields("ref", "amount", "reason"), null));
        }
        return Templates.list(listView(tenant, 1, null, refusal.form(), refusal.problems(),
                refusal.typedFields("accountHolder", "iban", "bic"), null));
    }

    private ListView listView(String tenant, int page, String query, String problemsFor, List<Problem> problems,
            Map<String, String> form, String notice) {
        Tenant t = tenants.get(tenant);
        return new ListView(tenant, t.name, CurrencyUnit.of(t.currency), settings.settings(), accounts.debtor().orElse(null),
                runs.page(page, query), Paging.query(query), problemsFor, problems, form, notice);
    }

    private RunView runView(String tenant, long id, int paymentsPage, int carriedPage, String query, List<Problem> problems,
            Map<String, String> form, String notice) {
        Tenant t = tenants.get(tenant);
        PaymentRuns.Run run = runs.run(id);
        return new RunView(tenant, t.name, run, run.unit(), user.actor().equals(run.proposedBy()),
                accounts.debtor().isPresent(), runs.payments(id, paymentsPage, query), runs.carried(id, carriedPage, query),
                Paging.query(query), runs.returns(id), problems, form, notice);
    }
}
