package org.cmoportal.payment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

import org.cmoportal.member.MemberAccess;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
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
 * A member's payee page, for one ref they hold: the bank account their payments go to (and who changed it last, and
 * when), the representative they name, the members who named them, and the payments they see.
 */
@HoldsForms({PayeePages.ACCOUNT, PayeePages.REPRESENTATIVE, PayeePages.REPRESENTED})
@Path("/t/{tenant}/members/{ref}/payee")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.MEMBER)
public class PayeePages implements FormPage {

    static final String ACCOUNT = "payee-account";
    static final String REPRESENTATIVE = "payee-representative";
    static final String REPRESENTED = "payee-represented";

    static final Map<String, String> NOTICES = Map.of(
            "account-saved", "Your bank account is saved. The next payment run pays into it.",
            "named", "Your representative is named. Payments go to their account once they accept.",
            "ended", "The representation has ended. Payments go to your own bank account.",
            "accepted", "You accepted: their payments now go to your bank account, in your payment.",
            "declined", "The representation has ended.");

    /** The page. {@code changedOn} and {@code changedBy} say who changed the bank account last, and when. */
    public record View(String tenant, String tenantName, CurrencyUnit currency, String ref, String name,
            BankAccounts.View account, String changedOn, String changedBy, Representations.View representative,
            Lists lists, String problemsFor, List<Problem> problems, Map<String, String> form, String notice) {
    }

    /**
     * The page's two lists that grow, each searched and paged on its own: the members the ref represents
     * ({@code representsQ}, {@code representsPage}) and its payments ({@code paymentsQ}, {@code paymentsPage}); each
     * with its address and search, the base of its pages' links.
     */
    public record Lists(Representations.Represented represents, String representsQuery, String representsBase,
            Payments payments, String paymentsQuery, String paymentsBase) {

        /** The lists of {@code ref} on the page at {@code address}, as asked. */
        static Lists of(Representations representations, PaymentRuns runs, String ref, String address, Asked asked) {
            return new Lists(representations.representing(ref, asked.representsQuery(), asked.representsPage()),
                    Paging.query(asked.representsQuery()), searched(address, "representsQ", asked.representsQuery()),
                    PayeePages.payments(runs, ref, asked.paymentsQuery(), asked.paymentsPage()), Paging.query(asked.paymentsQuery()),
                    searched(address, "paymentsQ", asked.paymentsQuery()));
        }
    }

    /** What the address asked of the two lists: each one's search and page. */
    public record Asked(String representsQuery, int representsPage, String paymentsQuery, int paymentsPage) {
        static final Asked FIRST = new Asked(null, 1, null, 1);

        static Asked of(String representsQuery, String representsPage, String paymentsQuery, String paymentsPage) {
            return new Asked(representsQuery, Paging.requested(representsPage), paymentsQuery, Paging.requested(paymentsPage));
        }
    }

    /** A page of the payments the member sees. */
    public record Payments(List<Payment> rows, Paging paging) {
    }

    /** A payment the member sees, with its date written for people. */
    public record Payment(long runId, String on, String member, String payee, long amount, int covers, String iban) {
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

    @Inject
    CurrentUser user;

    @Inject
    MemberAccess access;

    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @QueryParam("representsQ") String representsQuery, @QueryParam("representsPage") String representsPage,
            @QueryParam("paymentsQ") String paymentsQuery, @QueryParam("paymentsPage") String paymentsPage,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, ref, Asked.of(representsQuery, representsPage, paymentsQuery, paymentsPage), null, List.of(),
                Map.of(), notice == null ? null : NOTICES.get(notice));
        if ("represents-rows".equals(hxTarget)) {
            return Templates.payee$represents_rows(view);
        }
        return "payment-rows".equals(hxTarget) ? Templates.payee$payment_rows(view) : Templates.payee(view);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = ACCOUNT, where = "bank account")
    public Response saveAccount(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @RestForm String accountHolder, @RestForm String iban, @RestForm String bic) {
        accessAsHolder(ref);
        accounts.set(ref, new BankAccounts.Entry(accountHolder, iban, bic));
        return shown(tenant, ref, "account-saved");
    }

    @POST
    @Path("representative")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = REPRESENTATIVE, where = "representative")
    public Response name(@PathParam("tenant") String tenant, @PathParam("ref") String ref, @RestForm String representative) {
        accessAsHolder(ref);
        representations.name(ref, representative);
        return shown(tenant, ref, "named");
    }

    @POST
    @Path("representative/end")
    @ReshowOnRefusal(value = REPRESENTATIVE, where = "representative")
    public Response end(@PathParam("tenant") String tenant, @PathParam("ref") String ref) {
        accessAsHolder(ref);
        representations.end(ref);
        return shown(tenant, ref, "ended");
    }

    @POST
    @Path("represents/{member}/accept")
    @ReshowOnRefusal(value = REPRESENTED, where = "representation of {member}")
    public Response accept(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @PathParam("member") String member) {
        representations.accept(ref, member);
        return shown(tenant, ref, "accepted");
    }

    @POST
    @Path("represents/{member}/end")
    @ReshowOnRefusal(value = REPRESENTED, where = "representation of {member}")
    public Response endRepresenting(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @PathParam("member") String member) {
        representations.endAsRepresentative(ref, member);
        return shown(tenant, ref, "declined");
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.payee(view(refusal.path("tenant"), refusal.path("ref"), Asked.FIRST, refusal.form(), refusal.problems(),
                refusal.typedFields("accountHolder", "iban", "bic", "representative"), null));
    }

    /** This page is the member's own: an administrator who also holds refs acts here only for those refs. */
    private void accessAsHolder(String ref) {
        if (!access.holds(ref)) {
            throw MemberAccess.notFound(ref);
        }
    }

    private View view(String tenant, String ref, Asked asked, String problemsFor, List<Problem> problems,
            Map<String, String> form, String notice) {
        accessAsHolder(ref);
        Tenant t = tenants.get(tenant);
        BankAccounts.View account = accounts.of(ref).orElse(null);
        String name = accounts.memberName(ref);
        return new View(tenant, t.name, CurrencyUnit.of(t.currency), ref, name, account,
                account == null ? null : moment(account.changedAt()),
                account == null ? null : account.changedBy().equals(user.actor()) ? "you" : account.changedBy(),
                representations.of(ref).orElse(null), Lists.of(representations, runs, ref, Routes.memberPayee(tenant, ref), asked),
                problemsFor, problems, form, notice);
    }

    /** The page {@code page} of the payments {@code ref} sees, searched, with their dates written for people. */
    static Payments payments(PaymentRuns runs, String ref, String query, int page) {
        PaymentRuns.SeenPage seen = runs.seenBy(ref, query, page);
        return new Payments(seen.rows().stream().map(s -> new Payment(s.runId(), moment(s.approvedAt()), s.member(), s.payee(),
                s.amount(), s.covers(), s.iban())).toList(), seen.paging());
    }

    /** A list's address with its search in the parameter {@code name}, or the address alone for no search. */
    static String searched(String address, String name, String query) {
        return query == null || query.isBlank() ? address
                : address + (address.indexOf('?') < 0 ? "?" : "&") + name + "=" + URLEncoder.encode(query.strip(), StandardCharsets.UTF_8);
    }

    private static Response shown(String tenant, String ref, String notice) {
        return Response.seeOther(Routes.withNotice(Routes.memberPayee(tenant, ref), notice)).build();
    }

    static String moment(Instant at) {
        return BankAccounts.moment(at);
    }
}
