package org.cmoportal.home;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.member.Member;
import org.cmoportal.member.MemberService;
import org.cmoportal.payment.BankAccounts;
import org.cmoportal.period.Period;
import org.cmoportal.period.PeriodService;
import org.cmoportal.statement.MemberHistory;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.tenancy.ReadsReplica;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A member's home: every CMO they belong to, with the refs they hold and the periods there. */
@Path("/member")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.MEMBER)
public class MemberHome {

    /** A CMO the member belongs to, read inside that tenant. */
    public record Membership(String tenantId, String tenantName, String currency, List<Member> refs,
            List<Period> periods, MemberHistory.View history, List<BankAccounts.ChangeNotice> bankAccountChanges) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<Membership> memberships);
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

    @ReadsReplica
    @GET
    public TemplateInstance home() {
        List<Membership> memberships = user.affiliations().memberTenants().stream()
                .map(t -> scope.call(t, () -> {
                    Tenant tenant = tenants.get(t);
                    List<Member> refs = members.withRefs(user.affiliations().memberRefsIn(t));
                    return new Membership(t, tenant.name, tenant.currency, refs, periods.list(),
                            history.read(user.affiliations().memberRefsIn(t), tenant.currency, tenant.name),
                            bankAccounts.changedByOthers(user.affiliations().memberRefsIn(t), user.actor()));
                })).toList();
        return Templates.home(memberships);
    }
}
