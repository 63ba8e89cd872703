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

        public String pageHref(int page) {
            return adminView ? Routes.adminAccountPage(account.tenantId(), account.ref(), page)
                    : Routes.memberAccountPage(account.tenantId(), account.ref(), page);
        }
    }

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance account(View view);
    }

    /** A page number as typed in an address; anything that is not one is the first page. */
    static int pageNumber(String text) {
        try {
            return text == null ? 1 : Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
