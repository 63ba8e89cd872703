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
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A ballot's page, one address for every party: the member votes for each ref with a stake (a fieldset per ref, its
 * legend naming the ref, one labelled radio button per choice), everyone reads the result once it closed, and the
 * model's builder acknowledges it.
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

    /** One of the member's refs with a stake, and its vote as it stands. */
    public record Voter(String ref, String choice) {
    }

    public record View(String tenant, String tenantName, Ballots.Ballot ballot, boolean admin, boolean builder,
            List<Voter> voters, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ballot(View view);
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
            @QueryParam("notice") String notice) {
        return Templates.ballot(view(tenant, id, List.of(), notice == null ? null : NOTICES.get(notice)));
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
        return Templates.ballot(view(refusal.path("tenant"), Long.parseLong(refusal.path("id")), refusal.problems(), null));
    }

    private View view(String tenant, long id, List<Problem> problems, String notice) {
        Ballots.Ballot b = ballots.visible(id);
        Tenant t = tenants.get(tenant);
        List<String> refs = ballots.stakeholderRefs(b);
        Map<String, String> cast = new java.util.HashMap<>();
        ballots.votes(id, new java.util.HashSet<>(refs)).forEach(v -> cast.put(v.ref(), v.choice().word()));
        List<Voter> voters = refs.stream().map(r -> new Voter(r, cast.get(r))).toList();
        boolean builder = register.model(b.model()).map(access::buildsModel).orElse(false);
        return new View(tenant, t.name, b, access.administers(), builder, voters, problems, notice);
    }
}
