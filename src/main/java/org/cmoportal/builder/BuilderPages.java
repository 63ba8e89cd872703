package org.cmoportal.builder;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.filing.FilingService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.licence.Licence;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.period.Period;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A builder's home: the CMOs that license their organisation and the periods open for filing. */
@Path("/builder")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.BUILDER)
public class BuilderPages {

    /** One CMO the builder is licensed with. */
    public record LicensedCmo(String tenantId, String tenantName, String currency, String builderName,
            List<String> openPeriods, List<String> otherPeriods, List<FilingLine> filings, List<BuilderDues.Due> dues,
            List<BuilderDues.Rejection> rejections) {
    }

    /** One submission of the organisation's filings with this CMO; superseded ones stay listed as history. */
    public record FilingLine(String period, String model, int seq, String status, boolean flagged, String tenantGross, String href) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<String> organisations, List<LicensedCmo> cmos);
    }

    @Inject
    CurrentUser user;

    @Inject
    TenantScope scope;

    @Inject
    FilingService filings;

    @Inject
    BuilderDues dues;

    @GET
    public TemplateInstance home() {
        List<String> orgs = new ArrayList<>();
        List<Object[]> licences = QuarkusTransaction.joiningExisting().call(() -> {
            List<Object[]> rows = new ArrayList<>();
            for (Long builderId : user.affiliations().builderIds()) {
                BuilderOrg org = BuilderOrg.findById(builderId);
                orgs.add(org.name);
                for (Licence l : Licence.<Licence>list("builderId = ?1 order by tenantId", builderId)) {
                    Tenant t = Tenant.findById(l.tenantId);
                    rows.add(new Object[] {t.id, t.name, t.currency, org.name});
                }
            }
            return rows;
        });
        List<LicensedCmo> cmos = licences.stream().map(r -> scope.call((String) r[0], () -> {
            List<Period> periods = Period.list("order by openedAt desc");
            CurrencyUnit currency = CurrencyUnit.of((String) r[2]);
            List<FilingLine> lines = new ArrayList<>();
            filings.mine().forEach((label, list) -> list.forEach(f -> lines.add(new FilingLine(label, f.model, f.seq,
                    f.status.name(), f.shareFlagged, Amounts.formatGrouped(f.tenantGross, currency),
                    "/t/" + r[0] + "/periods/" + label + "/filings/" + f.id))));
            return new LicensedCmo((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                    periods.stream().filter(p -> p.state == Period.State.OPEN).map(p -> p.label).toList(),
                    periods.stream().filter(p -> p.state != Period.State.OPEN).map(p -> p.label + " (" + p.state.name().toLowerCase() + ")").toList(),
                    lines, dues.owed(user.affiliations().builderIds(), (String) r[2]),
                    dues.rejections(user.affiliations().builderIds()));
        })).toList();
        return Templates.home(orgs, cmos);
    }
}
