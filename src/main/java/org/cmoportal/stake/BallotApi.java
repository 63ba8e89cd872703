package org.cmoportal.stake;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Ballots through the API (api.md): open, vote, read the result, acknowledge it. */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class BallotApi {

    public record BallotRequest(String question, String closesAt, String quorum, String threshold) {
    }

    public record VoteRequest(String ref, String choice) {
    }

    public record VoteJson(long ballot, String ref, String choice, String castAt) {
    }

    /**
     * A ballot: its state, and after closing the result of api.md ({@code turnout}, {@code yes}, {@code no},
     * {@code abstain} shares of the model's whole stake with 6 digits, {@code votes} a count, {@code resultSha256}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BallotJson(long id, String model, String question, String closesAt, String quorum, String threshold,
            String state, String openedBy, String openedAt, String closedAt, Boolean quorumMet, Boolean passed,
            String turnout, String yes, String no, String abstain, Integer votes, String resultSha256,
            String acknowledgedBy, String acknowledgedAt) {

        static BallotJson of(Ballots.Ballot b) {
            Ballots.Result r = b.result();
            return new BallotJson(b.id(), b.model(), b.question(), b.closesAt().toString(), b.quorum().toString(),
                    b.threshold().toString(), b.state().name(), b.openedBy(), b.openedAt().toString(),
                    StakeApi.text(b.closedAt()), r == null ? null : r.quorumMet(), r == null ? null : r.passed(),
                    r == null ? null : r.turnout().toPlainString(), r == null ? null : r.yes().toPlainString(),
                    r == null ? null : r.no().toPlainString(), r == null ? null : r.abstain().toPlainString(),
                    r == null ? null : r.votes(), r == null ? null : r.sha256(),
                    b.acknowledgedBy(), StakeApi.text(b.acknowledgedAt()));
        }
    }

    @Inject
    Ballots ballots;

    @POST
    @Path("models/{model}/ballots")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.ADMIN)
    public Response open(@PathParam("tenant") String tenant, @PathParam("model") String model, BallotRequest body) {
        BallotRequest r = body == null ? new BallotRequest(null, null, null, null) : body;
        Ballots.Ballot b = ballots.open(model, r.question(), r.closesAt(), r.quorum(), r.threshold());
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/ballots/" + b.id())).entity(BallotJson.of(b)).build();
    }

    @GET
    @Path("ballots/{id}")
    @TenantAccess({Party.ADMIN, Party.MEMBER, Party.LICENSED_BUILDER})
    public BallotJson get(@PathParam("id") long id) {
        return BallotJson.of(ballots.visible(id));
    }

    @POST
    @Path("ballots/{id}/votes")
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantAccess(Party.MEMBER)
    public VoteJson vote(@PathParam("id") long id, VoteRequest body) {
        VoteRequest r = body == null ? new VoteRequest(null, null) : body;
        Ballots.Vote v = ballots.vote(id, r.ref(), r.choice());
        return new VoteJson(id, v.ref(), v.choice().word(), v.castAt().toString());
    }

    @POST
    @Path("ballots/{id}/acknowledge")
    @TenantAccess(Party.LICENSED_BUILDER)
    public BallotJson acknowledge(@PathParam("id") long id) {
        return BallotJson.of(ballots.acknowledge(id));
    }
}
