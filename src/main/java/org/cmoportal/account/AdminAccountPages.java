package org.cmoportal.account;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.account.MemberAccounts.Viewer;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.TemplateInstance;

/** Any member's account in the administrator's CMO, as the member sees it, with the administrator's links. */
@Path("/t/{tenant}/admin/accounts")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class AdminAccountPages {

    @Inject
    MemberAccounts accounts;

    @GET
    @Path("{ref}")
    public TemplateInstance account(@PathParam("ref") String ref, @QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        return AccountPages.show(new AccountPages.View(accounts.open(ref, query, Paging.requested(page), Viewer.ADMIN), true), hxTarget);
    }
}
