package org.cmoportal.account;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.account.MemberAccounts.Viewer;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.member.Member;
import org.cmoportal.tenancy.TenantScope;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A member's accounts in every CMO they belong to: each ref's balance in its CMO's currency, the latest entries and payments. */
@Path("/member/account")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.MEMBER)
public class AccountsOverview {

    /** Entries shown per account here; the account's own page has them all. */
    static final int RECENT_ENTRIES = 10;

    /** The accounts of the person's refs in one CMO. */
    public record Cmo(String tenantId, String tenantName, List<MemberAccounts.Account> accounts) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(List<Cmo> cmos);
    }

    @Inject
    CurrentUser user;

    @Inject
    TenantScope scope;

    @Inject
    MemberAccounts accounts;

    @GET
    public TemplateInstance overview() {
        List<Cmo> cmos = new ArrayList<>();
        for (String t : user.affiliations().memberTenants()) {
            cmos.add(scope.call(t, () -> {
                List<MemberAccounts.Account> mine = new ArrayList<>();
                for (String ref : new TreeSet<>(user.affiliations().memberRefsIn(t))) {
                    // a ref whose member record is gone has no account to show; the others still do
                    if (Member.findByRef(ref) != null) {
                        mine.add(accounts.recent(ref, RECENT_ENTRIES, Viewer.MEMBER));
                    }
                }
                return new Cmo(t, mine.isEmpty() ? t : mine.get(0).tenantName(), mine);
            }));
        }
        return Templates.overview(cmos);
    }
}
