package org.cmoportal.account;

import org.cmoportal.web.Routes;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The account page, shared by the member's route and the administrator's. */
public final class AccountPages {

    private AccountPages() {
    }

    /** An account as one viewer sees it: where its links lead depends on who is looking. */
    public record View(MemberAccounts.Account account, boolean adminView) {

        /** The account's own address for this viewer, which its search and its pages of entries extend. */
        public String address() {
            return adminView ? Routes.adminAccount(account.tenantId(), account.ref())
                    : Routes.memberAccount(account.tenantId(), account.ref());
        }
    }

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance account(View view);

        public static native TemplateInstance account$entry_rows(View view);
    }

    /** The entries alone when the search box asks (htmx, {@code HX-Target: entry-rows}), the whole page otherwise. */
    static TemplateInstance show(View view, String hxTarget) {
        return "entry-rows".equals(hxTarget) ? Templates.account$entry_rows(view) : Templates.account(view);
    }
}
