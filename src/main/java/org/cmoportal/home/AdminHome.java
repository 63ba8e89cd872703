package org.cmoportal.home;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.member.MemberService;
import org.cmoportal.organisation.LicenceService;
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
import org.cmoportal.web.Routes;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A CMO administrator's home in one tenant: what needs doing now, the deadlines, the latest periods, and where
 * everything else is (periods, members, licences, money, settings each have their own page).
 */
@Path("/t/{tenant}/admin")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AdminHome {

    /** How many of the latest periods the overview shows; the periods page has them all. */
    static final int LATEST_PERIODS = 5;

    /** What the home shows: the tenant, counts, the latest periods, the deadlines and the to-do list. */
    public record View(TenantView tenant, List<Period> latestPeriods, long periodCount, long licenceCount, long memberCount,
            Deadlines.Board deadlines, List<ToDo> toDo) {
    }

    /** One thing waiting for an administrator of the tenant, with where to do it. */
    public record ToDo(String what, String href) {
    }

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance home(View home);
    }

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
    public TemplateInstance home(@PathParam("tenant") String tenant) {
        TenantView t = directory.current(tenant);
        // the latest few and the count, and the periods in their workflow: never every period of the CMO
        PeriodService.Found latest = periods.find(null, 1, LATEST_PERIODS);
        return Templates.home(new View(t, latest.periods(), latest.paging().count(),
                licences.find(null, 1).paging().count(), members.search(null, 1).total(),
                deadlines.board(CurrencyUnit.of(t.currency())), toDo(tenant, periods.undistributed())));
    }

    /**
     * What waits for an administrator now, first on the home: the periods in the middle of their workflow, then each
     * kind of proposal that needs an answer or a second administrator (four eyes).
     */
    private List<ToDo> toDo(String tenant, List<Period> undistributed) {
        List<ToDo> toDo = new ArrayList<>();
        for (Period p : undistributed) {
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
