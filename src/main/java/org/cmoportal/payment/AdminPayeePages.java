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
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * An administrator's form for a member's bank account (a member who does not sign in, a change the member asked for
 * by letter), with who is paid for them; the member sees on their own page that the account was changed, and by whom.
 */
@HoldsForms(AdminPayeePages.FORM)
@Path("/t/{tenant}/admin/members/{ref}/payee")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AdminPayeePages implements FormPage {

    static final String FORM = "admin-payee";

    /** The page. */
    public record View(String tenant, String tenantName, CurrencyUnit currency, String ref, String name,
            BankAccounts.View account, String changedOn, Representations.View representative, PayeePages.Lists lists,
            List<Problem> problems, Map<String, String> form, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance payee(View view);

        static native TemplateInstance payee$represents_rows(View view);

        static native TemplateInstance payee$payment_rows(View view);
    }

    @Inject
    BankAccounts accounts;

    @Inject
    Representations representations;

    @Inject
    PaymentRuns runs;

    @Inject
    TenantDirectory tenants;

    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @QueryParam("representsQ") String representsQuery, @QueryParam("representsPage") String representsPage,
            @QueryParam("paymentsQ") String paymentsQuery, @QueryParam("paymentsPage") String paymentsPage,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, ref, PayeePages.Asked.of(representsQuery, representsPage, paymentsQuery, paymentsPage), List.of(),
                Map.of(), "saved".equals(notice) ? "The bank account is saved; the member's page says who changed it." : null);
        if ("represents-rows".equals(hxTarget)) {
            return Templates.payee$represents_rows(view);
        }
        return "payment-rows".equals(hxTarget) ? Templates.payee$payment_rows(view) : Templates.payee(view);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = FORM, where = "bank account")
    public Response save(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @RestForm String accountHolder, @RestForm String iban, @RestForm String bic) {
        accounts.set(ref, new BankAccounts.Entry(accountHolder, iban, bic));
        return Response.seeOther(Routes.withNotice(Routes.adminPayee(tenant, ref), "saved")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.payee(view(refusal.path("tenant"), refusal.path("ref"), PayeePages.Asked.FIRST, refusal.problems(),
                refusal.typedFields("accountHolder", "iban", "bic"), null));
    }

    private View view(String tenant, String ref, PayeePages.Asked asked, List<Problem> problems, Map<String, String> form,
            String notice) {
        String name = accounts.memberName(ref);
        Tenant t = tenants.get(tenant);
        BankAccounts.View account = accounts.of(ref).orElse(null);
        return new View(tenant, t.name, CurrencyUnit.of(t.currency), ref, name, account,
                account == null ? null : PayeePages.moment(account.changedAt()), representations.of(ref).orElse(null),
                PayeePages.Lists.of(representations, runs, ref, Routes.adminPayee(tenant, ref), asked), problems, form, notice);
    }
}
