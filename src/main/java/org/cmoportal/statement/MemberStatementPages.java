package org.cmoportal.statement;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.statement.StatementService.Viewer;
import org.cmoportal.tenancy.ReadsReplica;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.TemplateInstance;

/** A member's statements in one CMO: only those of refs they hold; any other answers 404. */
@ReadsReplica
@Path("/t/{tenant}/statements")
@TenantAccess(Party.MEMBER)
public class MemberStatementPages {

    @Inject
    StatementService statements;

    @Inject
    StatementAccount accounts;

    @GET
    @Path("{id: \\d+}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance statement(@PathParam("id") long id, @QueryParam("q") String query,
            @QueryParam(StatementView.LINES_PAGE) String linesPage, @RestHeader("HX-Target") String hxTarget) {
        return StatementPages.statement(accounts, id, Viewer.MEMBER, query, linesPage, hxTarget);
    }

    @GET
    @Path("{id: \\d+}/lines/{line: \\d+}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance trail(@PathParam("id") long id, @PathParam("line") long line,
            @RestHeader("HX-Target") String hxTarget) {
        return StatementPages.trail(statements.trail(id, line, Viewer.MEMBER), hxTarget);
    }

    /** How the statement was computed, in plain words with its own figures. */
    @GET
    @Path("{id: \\d+}/how")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance how(@PathParam("id") long id) {
        return StatementPages.Templates.how(statements.explain(id, Viewer.MEMBER));
    }

    @GET
    @Path("{id: \\d+}/csv")
    public Response csv(@PathParam("id") long id) {
        return StatementPages.csv(accounts.adjusted(id, Viewer.MEMBER));
    }

    @GET
    @Path("{id: \\d+}/pdf")
    public Response pdf(@PathParam("id") long id) {
        return StatementPages.pdf(accounts.open(id, Viewer.MEMBER));
    }
}
