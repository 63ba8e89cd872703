package org.cmoportal.home;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.builder.BuilderDues;
import org.cmoportal.filing.FilingService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.organisation.BuilderOrgService;
import org.cmoportal.organisation.Licence;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.Routes;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A builder's home: the organisations they belong to, and each CMO that licenses one of them with its open
 * periods and the filings of all of them (a person sees what every organisation they belong to may see).
 */
@Path("/builder")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.BUILDER)
public class BuilderHome {

    /** One CMO that licenses at least one of the person's organisations. */
    public record LicensedCmo(String tenantId, String tenantName, CurrencyUnit currency, List<String> organisations,
            List<String> openPeriods, List<String> otherPeriods, List<FilingLine> filings, long filingCount, List<BuilderDues.Due> dues,
            List<BuilderDues.Receipt> receipts, List<BuilderDues.Rejection> rejections, long otherPeriodCount, long dueCount,
            long receiptCount, long rejectionCount) {
    }

    /**
     * One submission of the organisations' filings with this CMO; superseded ones stay listed as history.
     * {@code organisation} names whose it is, for someone whose several organisations file with the CMO.
     */
    public record FilingLine(String period, String organisation, String model, int seq, String status, boolean flagged,
            long tenantGross, String href) {
    }

    /** A CMO and the names of the person's organisations it licenses, read before entering each CMO. */
    private record Licensor(String tenantId, String tenantName, String currency, List<String> organisations) {
    }

    /** How many of a CMO's latest filings the home lists. */
    static final int LATEST_FILINGS = 10;

    /**
     * How many of a CMO's latest dues, receipts, rejections and earlier periods the home lists: a summary, the whole
     * lists being on the CMO's pages ("What we owe, by period", the filings).
     */
    static final int LATEST = 6;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<BuilderOrgService.Membership> organisations, List<LicensedCmo> cmos);
    }

    @Inject
    CurrentUser user;

    @Inject
    TenantScope scope;

    @Inject
    FilingService filings;

    @Inject
    BuilderDues dues;

    @Inject
    BuilderOrgService organisations;

    @Inject
    LicenceService licences;

    @Inject
    TenantDirectory tenants;

    @Inject
    PeriodService periodList;

    @GET
    public TemplateInstance home() {
        List<BuilderOrgService.Membership> mine = organisations.mine();
        Map<Long, String> names = new HashMap<>();
        mine.forEach(m -> names.put(m.id(), m.name()));
        Map<String, Licensor> byTenant = new TreeMap<>();
        for (BuilderOrgService.Membership org : mine) {
            for (Licence l : licences.ofOrganisation(org.id())) {
                byTenant.computeIfAbsent(l.tenantId, id -> {
                    Tenant t = tenants.get(id);
                    return new Licensor(t.id, t.name, t.currency, new ArrayList<>());
                }).organisations().add(org.name());
            }
        }
        List<LicensedCmo> cmos = byTenant.values().stream().map(r -> scope.call(r.tenantId(), () -> {
            CurrencyUnit currency = CurrencyUnit.of(r.currency());
            // the latest few of every list with their counts, each read so in the database (LIMIT and count); the
            // CMO's filings and "What we owe, by period" pages have them all, a page at a time
            FilingService.MineFound latest = filings.mine(null, 1, LATEST_FILINGS);
            List<FilingLine> lines = latest.rows().stream().map(row -> new FilingLine(row.period(),
                    names.get(row.filing().builderId), row.filing().model, row.filing().seq, row.filing().status.name(),
                    row.filing().shareFlagged, row.filing().tenantGross, Routes.filing(r.tenantId(), row.period(), row.filing().id)))
                    .toList();
            PeriodService.Found earlier = periodList.earlier(LATEST);
            Set<Long> builders = user.affiliations().builderIds();
            BuilderDues.Dues owed = dues.owed(builders, 1, LATEST);
            BuilderDues.Receipts received = dues.receiptsOf(builders, 1, LATEST);
            BuilderDues.Rejections rejected = dues.rejections(builders, 1, LATEST);
            return new LicensedCmo(r.tenantId(), r.tenantName(), currency, r.organisations(),
                    periodList.open().stream().map(p -> p.label).toList(),
                    earlier.periods().stream().map(p -> p.label + " (" + p.state.name().toLowerCase() + ")").toList(),
                    lines, latest.paging().count(), owed.rows(), received.rows(), rejected.rows(),
                    earlier.paging().count(), owed.paging().count(), received.paging().count(), rejected.paging().count());
        })).toList();
        return Templates.home(mine, cmos);
    }
}
