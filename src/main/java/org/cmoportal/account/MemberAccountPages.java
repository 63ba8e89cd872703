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

/** A member's account in one CMO, every entry a page at a time: only refs they hold; any other answers 404. */
@Path("/t/{tenant}/accounts")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.MEMBER)
public class MemberAccountPages {

    @Inject
    MemberAccounts accounts;

    @GET
    @Path("{ref}")
    public TemplateInstance account(@PathParam("ref") String ref, @QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        return AccountPages.show(new AccountPages.View(accounts.open(ref, query, Paging.requested(page), Viewer.MEMBER), false), hxTarget);
    }
}
