package org.cmoportal.stake;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A ballot's page, one address for every party: the member votes for each ref with a stake (a fieldset per ref, its
 * legend naming the ref, one labelled radio button per choice), everyone reads the result once it closed, and the
 * model's builder acknowledges it. A member holding many refs reads its voting refs a page at a time, searched by ref
 * (the forms alone for htmx, {@code HX-Target: voter-rows}).
 */
@Path("/t/{tenant}/ballots/{id}")
@Produces(MediaType.TEXT_HTML)
@HoldsForms({BallotPages.VOTE, BallotPages.ACKNOWLEDGE})
public class BallotPages implements FormPage {

    static final String VOTE = "ballot-vote";
    static final String ACKNOWLEDGE = "ballot-acknowledge";

    static final Map<String, String> NOTICES = Map.of(
            "voted", "Your vote is recorded. You can change it until the ballot closes.",
            "acknowledged", "You acknowledged the result; the CMO sees it in its audit log.",
            "ballot-opened", "The ballot is open. Members with a stake in the model vote until it closes; it closes by itself.");

    public record View(String tenant, String tenantName, Ballots.Ballot ballot, boolean admin, boolean builder,
            Ballots.Voters voters, String query, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ballot(View view);

        static native TemplateInstance ballot$voter_rows(View view);
    }

    @Inject
    Ballots ballots;

    @Inject
    ModelAccess access;

    @Inject
    StakeRegister register;

    @Inject
    TenantDirectory tenants;

    @GET
    @TenantAccess({Party.ADMIN, Party.MEMBER, Party.LICENSED_BUILDER})
    public TemplateInstance ballot(@PathParam("tenant") String tenant, @PathParam("id") long id,
            @QueryParam("notice") String notice, @QueryParam("q") String query, @QueryParam("page") String page,
            @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, id, query, Paging.requested(page), List.of(), notice == null ? null : NOTICES.get(notice));
        return "voter-rows".equals(hxTarget) ? Templates.ballot$voter_rows(view) : Templates.ballot(view);
    }

    @POST
    @Path("votes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @TenantAccess(Party.MEMBER)
    @ReshowOnRefusal(value = VOTE, where = "vote")
    public Response vote(@PathParam("tenant") String tenant, @PathParam("id") long id, @RestForm String ref,
            @RestForm String choice) {
        ballots.vote(id, ref, choice);
        return Response.seeOther(Routes.withNotice(Routes.ballot(tenant, id), "voted")).build();
    }

    @POST
    @Path("acknowledge")
    @TenantAccess(Party.LICENSED_BUILDER)
    @ReshowOnRefusal(value = ACKNOWLEDGE, where = "acknowledgement")
    public Response acknowledge(@PathParam("tenant") String tenant, @PathParam("id") long id) {
        ballots.acknowledge(id);
        return Response.seeOther(Routes.withNotice(Routes.ballot(tenant, id), "acknowledged")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.ballot(view(refusal.path("tenant"), Long.parseLong(refusal.path("id")), null, 1, refusal.problems(), null));
    }

    private View view(String tenant, long id, String query, int page, List<Problem> problems, String notice) {
        Ballots.Ballot b = ballots.visible(id);
        Tenant t = tenants.get(tenant);
        boolean builder = register.model(b.model()).map(access::buildsModel).orElse(false);
        return new View(tenant, t.name, b, access.administers(), builder, ballots.voters(b, query, page), Paging.query(query),
                problems, notice);
    }
}
