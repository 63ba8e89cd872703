package org.cmoportal.home;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.member.Member;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.member.MemberService;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.organisation.LicenceService.LicenceView;
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.dispute.Disputes;
import org.cmoportal.payment.PaymentRuns;
import org.cmoportal.restatement.Restatements;
import org.cmoportal.stake.StakeGrants;
import org.cmoportal.suspense.Claims;
import org.cmoportal.suspense.Deadlines;
import org.cmoportal.suspense.SuspenseReleases;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.tenant.TenantView;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A CMO administrator's home in one tenant; member search answers with the rows alone for htmx. It holds the
 * member, import, licence and period forms, whose POSTs live with their features, and shows their refusals.
 */
@HoldsForms({"members", "import", "licences", "periods"})
@Path("/t/{tenant}/admin")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AdminHome implements FormPage {

    static final int MEMBER_PAGE = 50;

    /**
     * What the home shows: periods, licences, members, and the state of each form.
     *
     * @param problemsFor which form the problems belong to ("members", "import", "licences", "periods"), if any
     */
    public record View(TenantView tenant, List<Period> periods, List<LicenceView> licences, List<Member> members,
            long memberCount, String query, String problemsFor, List<Problem> problems, Map<String, String> form,
            String notice, Deadlines.Board deadlines, List<ToDo> toDo) {
    }

    /** One thing waiting for an administrator of the tenant, with where to do it. */
    public record ToDo(String what, String href) {
    }

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance home(View home);

        public static native TemplateInstance home$member_rows(View home);
    }

    static final Map<String, String> NOTICES = Map.of(
            "member-added", "The member was added.",
            "members-imported", "The members were imported.",
            "licence-granted", "The licence was granted.",
            "period-opened", "The period is open: licensed builders can file now.");

    /** What each form shows again of what was typed (the import form's file is not shown back). */
    private static final Map<String, String[]> TYPED = Map.of(
            "members", new String[] {"ref", "name", "username"},
            "import", new String[] {},
            "licences", new String[] {"builder"},
            "periods", new String[] {"label"});

    @Inject
    TenantDirectory directory;

    @Inject
    PeriodService periods;

    @Inject
    LicenceService licences;

    @Inject
    MemberService members;

    @Inject
    Deadlines deadlines;

    @Inject
    Restatements restatements;

    @Inject
    Disputes disputes;

    @Inject
    Claims claims;

    @Inject
    SuspenseReleases releases;

    @Inject
    PaymentRuns paymentRuns;

    @Inject
    StakeGrants stakeGrants;

    @GET
    public TemplateInstance home(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View home = view(tenant, query, null, List.of(), Map.of(), (notice == null ? null : NOTICES.get(notice)));
        return "member-rows".equals(hxTarget) ? Templates.home$member_rows(home) : Templates.home(home);
    }

    /** The home again, with the problems of one form and what was typed in it. */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.home(view(refusal.path("tenant"), null, refusal.form(), refusal.problems(),
                refusal.typedFields(TYPED.get(refusal.form())), null));
    }

    private View view(String tenant, String query, String problemsFor, List<Problem> problems,
            Map<String, String> form, String notice) {
        MemberService.Page page = members.search(query, MEMBER_PAGE);
        TenantView t = directory.current(tenant);
        List<Period> all = periods.list();
        return new View(t, all, licences.ofTenant(), page.members(), page.total(), query == null ? "" : query,
                problemsFor, problems, form, notice, deadlines.board(CurrencyUnit.of(t.currency())), toDo(tenant, all));
    }

    /**
     * What waits for an administrator now, first on the home: the periods in the middle of their workflow, then each
     * kind of proposal that needs an answer or a second administrator (four eyes).
     */
    private List<ToDo> toDo(String tenant, List<Period> all) {
        List<ToDo> toDo = new ArrayList<>();
        for (Period p : all) {
            String step = switch (p.state) {
                case CLOSED -> "is closed: review its filings, then calculate it";
                case CALCULATED -> "is calculated: a second administrator approves it (four eyes)";
                case APPROVED -> "is approved: distribute it";
                default -> null;
            };
            if (step != null) {
                toDo.add(new ToDo("Period " + p.label + " " + step, Routes.periodBoard(tenant, p.label)));
            }
        }
        waiting(toDo, restatements.waitingForAdministrators(), "restatement", "to approve", Routes.restatements(tenant));
        waiting(toDo, disputes.waitingForAdministrators(), "dispute", "to answer or approve", Routes.adminDisputes(tenant));
        waiting(toDo, claims.waitingForAdministrators(), "claim of a held ref", "to accept or confirm", Routes.adminSuspense(tenant));
        waiting(toDo, releases.waitingForAdministrators(), "release of aged suspense", "to confirm", Routes.adminSuspense(tenant));
        waiting(toDo, paymentRuns.waitingForAdministrators(), "payment run", "to approve", Routes.paymentRuns(tenant));
        waiting(toDo, stakeGrants.waitingForAdministrators(), "stake grant", "to accept or confirm", Routes.adminStakes(tenant));
        return toDo;
    }

    private static void waiting(List<ToDo> toDo, long count, String thing, String action, String href) {
        if (count > 0) {
            toDo.add(new ToDo(count + " " + thing + (count == 1 ? "" : "s") + " " + action, href));
        }
    }
}
