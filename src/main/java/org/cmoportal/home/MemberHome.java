package org.cmoportal.home;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.account.Ledger;
import org.cmoportal.account.MemberAccounts;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.member.Member;
import org.cmoportal.member.MemberService;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.payment.BankAccounts;
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.statement.MemberHistory;
import org.cmoportal.statement.chart.GroupedBarChart;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestHeader;
import org.cmoportal.tenancy.ReadsReplica;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A member's home: the CMOs they belong to, a page of them at a time by slug and searched by name or slug, each with
 * its balance, last payment and next expected distribution; the totals per currency and the earnings of all of them by
 * period when they all fit on one page; then each shown CMO's statements period by period, a page at a time and
 * searched by period label.
 */
@Path("/member")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.MEMBER)
public class MemberHome {

    /** A CMO the member belongs to, read inside that tenant. */
    public record Membership(String tenantId, String tenantName, String currency, List<Member> refs,
            long periodCount, MemberHistory.View history, List<BankAccounts.ChangeNotice> bankAccountChanges,
            Glance glance, MemberHistory.Shown statements, String pageParam) {
    }

    /**
     * The address parameter of a CMO's page of statements: each CMO's table is paged on its own, so that turning one
     * CMO's pages leaves the others where they start.
     */
    static String pageParam(String tenant) {
        return "page-" + tenant;
    }

    /**
     * The figures a member looks for first in one CMO, summed over the refs they hold there: the balance of the account
     * (the ledger), the latest payment a payment run made (null when none has), the periods not distributed yet with
     * where each stands, and the statement that "how is it computed" explains (the newest with lines, null when none).
     */
    public record Glance(CurrencyUnit currency, long balance, MemberAccounts.Entry lastPayment, String accountHref,
            List<NextPeriod> next, Long explainedStatement) {

        /** What the last payment took off the balance (a PAID entry is negative in the ledger). */
        public long lastPaymentAmount() {
            return lastPayment == null ? 0 : -lastPayment.amount();
        }
    }

    /** A period that is not distributed yet, with where it stands in plain words. */
    public record NextPeriod(String label, String stands) {
    }

    /** One currency's sums over the member's CMOs in it. */
    public record Total(CurrencyUnit currency, long balance, long earned, int cmos) {
    }

    /**
     * The page: each CMO, the totals by currency, one chart per currency (only when the member has several CMOs, all of
     * them on the page: a sum over a page of them would read as a sum over all).
     */
    public record Overview(List<Membership> memberships, List<Total> totals, List<GroupedBarChart> charts) {
    }

    /**
     * How many CMOs the home shows at a time: each brings its row at a glance, its statements and its charts, and is
     * read inside its tenant, so a member of hundreds has only these read. A member of this many or fewer sees no pages.
     */
    static final int CMOS_PAGE = 10;

    /** The address parameters of the CMOs' page and search: the page's {@code page} and {@code q} are the statements'. */
    static final String CMOS_PAGE_PARAM = "cmosPage";
    static final String CMOS_QUERY_PARAM = "cmosQ";

    /** A parameter a search form keeps as it is, so that searching one list leaves the other where it stands. */
    public record Kept(String name, String value) {
    }

    /**
     * Which of the member's CMOs the page shows: where the page stands among those found ({@code paging}), the search by
     * name or slug as typed, and how many CMOs the member belongs to in all.
     */
    public record Cmos(Paging paging, String query, int all) {

        /** Whether every CMO the member belongs to is on the page: the page as it was before CMOs came in pages. */
        public boolean whole() {
            return query.isEmpty() && paging.pages() == 1;
        }

        /** Whether the CMOs' search box shows: they do not fit on one page, or a search of them is on. */
        public boolean searchable() {
            return all > paging.size() || !query.isEmpty();
        }

        /** The home's address with the CMOs' search, for the links to their pages (which add the statements' search). */
        public String searched() {
            return query.isEmpty() ? "/member" : "/member?" + CMOS_QUERY_PARAM + "=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        }

        /** The home's address with the CMOs' search and page, the base of each CMO's statement pages. */
        public String here() {
            return paging.page() == 1 ? searched() : paging.at(searched(), paging.page(), CMOS_PAGE_PARAM);
        }

        /** What the CMOs' search keeps: the statements' search, so the CMOs it finds show the periods searched. */
        public List<Kept> keptByCmos(String statementsQuery) {
            return statementsQuery.isEmpty() ? List.of() : List.of(new Kept("q", statementsQuery));
        }

        /** What the statements' search keeps: the CMOs' search and page, so it searches the CMOs shown. */
        public List<Kept> keptByStatements() {
            List<Kept> kept = new ArrayList<>();
            if (!query.isEmpty()) {
                kept.add(new Kept(CMOS_QUERY_PARAM, query));
            }
            if (paging.page() > 1) {
                kept.add(new Kept(CMOS_PAGE_PARAM, Integer.toString(paging.page())));
            }
            return kept;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Overview overview, List<Membership> memberships, String query, Cmos cmos);

        static native TemplateInstance home$cmos(Overview overview, List<Membership> memberships, String query, Cmos cmos);

        static native TemplateInstance home$statement_lists(List<Membership> memberships, String query, Cmos cmos);
    }

    @Inject
    CurrentUser user;

    @Inject
    TenantScope scope;

    @Inject
    TenantDirectory tenants;

    @Inject
    MemberService members;

    @Inject
    PeriodService periods;

    @Inject
    MemberHistory history;

    @Inject
    BankAccounts bankAccounts;

    @Inject
    MemberAccounts accounts;

    /**
     * The page, or the shown CMOs alone when the CMOs' search asks for them ({@code HX-Target: cmos}), or their
     * statements alone when the statements' search does ({@code HX-Target: statement-lists}); {@code cmosQ} finds CMOs
     * by name or slug and {@code cmosPage} turns their pages, {@code q} finds periods by label, {@code page-<tenant>}
     * turns a CMO's pages.
     */
    @ReadsReplica
    @GET
    public TemplateInstance home(@QueryParam("q") String query, @QueryParam(CMOS_QUERY_PARAM) String cmosQuery,
            @QueryParam(CMOS_PAGE_PARAM) String cmosPage, @Context UriInfo uri, @RestHeader("HX-Target") String hxTarget) {
        int all = user.affiliations().memberTenants().size();
        // the CMOs counted and the page's read in the database; a person who holds no ref has none to ask for
        Paging.Page<String> shown = all == 0 ? new Paging.Page<>(List.of(), Paging.of(1, CMOS_PAGE, 0))
                : tenants.memberOf(user.affiliations().userId(), cmosQuery, Paging.requested(cmosPage), CMOS_PAGE);
        Cmos cmos = new Cmos(shown.paging(), Paging.query(cmosQuery), all);
        List<Membership> memberships = shown.rows().stream()
                .map(t -> scope.call(t, () -> {
                    Tenant tenant = tenants.get(t);
                    List<Member> refs = members.withRefs(user.affiliations().memberRefsIn(t));
                    // how many periods and the ones not distributed yet, not every period of the CMO
                    List<Period> undistributed = periods.undistributed();
                    MemberHistory.View view = history.read(user.affiliations().memberRefsIn(t), tenant.currency, tenant.name);
                    return new Membership(t, tenant.name, tenant.currency, refs, periods.count(), view,
                            bankAccounts.changedByOthers(user.affiliations().memberRefsIn(t), user.actor()),
                            glance(t, refs, undistributed, view),
                            history.page(user.affiliations().memberRefsIn(t), view.currency(), tenant.name, query,
                                    Paging.requested(uri.getQueryParameters().getFirst(pageParam(t)))), pageParam(t));
                })).toList();
        Overview overview = cmos.whole() ? overview(memberships) : new Overview(memberships, List.of(), List.of());
        if ("statement-lists".equals(hxTarget)) {
            return Templates.home$statement_lists(memberships, Paging.query(query), cmos);
        }
        return "cmos".equals(hxTarget) ? Templates.home$cmos(overview, memberships, Paging.query(query), cmos)
                : Templates.home(overview, memberships, Paging.query(query), cmos);
    }

    private Glance glance(String tenant, List<Member> refs, List<Period> undistributed, MemberHistory.View view) {
        long balance = 0;
        MemberAccounts.Entry last = null;
        // refs in a stable order, so the account linked is always the same one
        TreeSet<String> held = new TreeSet<>();
        refs.forEach(m -> held.add(m.ref));
        for (String ref : held) {
            MemberAccounts.Account account = accounts.recent(ref, 1, MemberAccounts.Viewer.MEMBER);
            balance += account.balance();
            for (MemberAccounts.Entry e : account.payments()) {
                if (e.kind() == Ledger.Kind.PAID && (last == null || e.at().isAfter(last.at()))) {
                    last = e;
                }
            }
        }
        List<NextPeriod> next = new ArrayList<>();
        for (Period p : undistributed) {
            next.add(new NextPeriod(p.label, stands(p.state)));
        }
        return new Glance(view.currency(), balance, last,
                held.isEmpty() ? null : Routes.memberAccount(tenant, held.first()), next, view.explainedStatement());
    }

    /** Where a period stands, in the member's words (economics.md, "The period"). */
    static String stands(Period.State state) {
        return switch (state) {
            case OPEN -> "receiving filings from builders";
            case CLOSED -> "in review: the administrators are checking the filings";
            case CALCULATED -> "calculated, waiting for a second administrator's approval";
            case APPROVED -> "approved, distribution next";
            case DISTRIBUTED -> "distributed";
        };
    }

    /** Totals per currency and, for a member of several CMOs, the earnings of each by period in one chart per currency. */
    static Overview overview(List<Membership> memberships) {
        Map<String, List<Membership>> byCurrency = new TreeMap<>();
        for (Membership m : memberships) {
            byCurrency.computeIfAbsent(m.currency(), c -> new ArrayList<>()).add(m);
        }
        List<Total> totals = new ArrayList<>();
        List<GroupedBarChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<Membership>> c : byCurrency.entrySet()) {
            List<Membership> in = c.getValue();
            CurrencyUnit cu = in.get(0).glance().currency();
            totals.add(new Total(cu, in.stream().mapToLong(m -> m.glance().balance()).sum(),
                    in.stream().mapToLong(m -> m.history().lifetime()).sum(), in.size()));
            if (memberships.size() > 1) {
                charts.add(chart(cu, in));
            }
        }
        return new Overview(memberships, totals, charts);
    }

    /**
     * The distributed periods of the CMOs in one currency, by label (each CMO names its own periods; the same label
     * in two CMOs is one group on the axis), each with what every CMO distributed to the member in it.
     */
    private static GroupedBarChart chart(CurrencyUnit cu, List<Membership> in) {
        Map<String, Map<String, Long>> values = new TreeMap<>(Comparator.naturalOrder());
        List<String> series = new ArrayList<>();
        for (Membership m : in) {
            series.add(m.tenantName());
            m.history().earnedByPeriod().forEach((label, earned) ->
                    values.computeIfAbsent(label, k -> new LinkedHashMap<>()).merge(m.tenantName(), earned, Long::sum));
        }
        return GroupedBarChart.of("earnings-all-" + cu.code(), "Your earnings by period, all your CMOs (" + cu.code() + ")",
                "What each of your CMOs that pays in " + cu.code() + " distributed to you in each distributed period, one bar per CMO; "
                        + "a period where a CMO distributed nothing to you has no bar for it.",
                new ArrayList<>(values.keySet()), series, values, cu);
    }
}
