package org.cmoportal.payment;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.Paging;

/**
 * A member's payee details through the API: the bank account (api.md {@code PUT .../members/{ref}/payee}) and the
 * representative the member names. The member holding the ref or an administrator; the representative's side for
 * accepting and ending. Anyone else's member answers 404.
 */
@Path("/api/v1/tenants/{tenant}/members/{ref}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@TenantAccess({Party.MEMBER, Party.ADMIN})
public class PayeeApi {

    /** A bank account as the API answers it: the IBAN masked, who changed it last and when. */
    public record BankAccountJson(String ref, String accountHolder, String iban, String bic, String changedAt, String changedBy) {

        static BankAccountJson of(BankAccounts.View v) {
            return new BankAccountJson(v.ref(), v.accountHolder(), v.iban(), v.bic(), v.changedAt().toString(), v.changedBy());
        }
    }

    /** A representation: who named whom, its state and its steps. */
    public record RepresentationJson(long id, String member, String representative, String state, String namedBy,
            String namedAt, String acceptedBy, String acceptedAt, String endedBy, String endedAt) {

        static RepresentationJson of(Representations.View v) {
            return new RepresentationJson(v.id(), v.member(), v.representative(), v.state().name(), v.namedBy(),
                    v.namedAt().toString(), v.acceptedBy(), v.acceptedAt() == null ? null : v.acceptedAt().toString(),
                    v.endedBy(), v.endedAt() == null ? null : v.endedAt().toString());
        }
    }

    /**
     * Who a member's payments go to: their bank account, their representative, and a page of whom they represent.
     * {@code represents} keeps the name and shape it always had, but holds one page (by member ref; {@code q},
     * {@code page}, {@code size} of {@code GET .../payee}): a guild or a publisher may represent thousands of members,
     * and one answer with all of them would read them all. {@code representsCount}, added beside it, is every member
     * {@code ref} represents, so a client sees whether there are more to page through; {@code X-Total-Count} is those
     * the search matched. A client of a member representing fewer than a page reads what it always read.
     */
    public record PayeeJson(String ref, BankAccountJson bankAccount, RepresentationJson representative,
            List<RepresentationJson> represents, long representsCount) {
    }

    /** The body of {@code PUT .../representative}. */
    public record RepresentativeRequest(String representative) {
    }

    @Inject
    BankAccounts accounts;

    @Inject
    Representations representations;

    /**
     * The member's payee details with a page of the members {@code ref} represents: {@code q} searches their refs and
     * names (a part, any case); {@code page} and {@code size} (up to 1,000, default 100) page through them, the count of
     * those that match in {@code X-Total-Count} (see {@link PayeeJson}).
     */
    @GET
    @Path("payee")
    public Response payee(@PathParam("ref") String ref, @QueryParam("q") String q, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        BankAccountJson account = accounts.of(ref).map(BankAccountJson::of).orElse(null);
        RepresentationJson representative = representations.of(ref).map(RepresentationJson::of).orElse(null);
        Representations.Represented represented = representations.representing(ref, q, Paging.apiPage(page), Paging.apiSize(size));
        return Response.ok(new PayeeJson(ref, account, representative,
                represented.rows().stream().map(RepresentationJson::of).toList(), represented.all()))
                .header("X-Total-Count", represented.paging().count()).build();
    }

    /** Puts a bank account on file: {@code {accountHolder, iban, bic?}}; answers it with the IBAN masked. */
    @PUT
    @Path("payee")
    public BankAccountJson setBankAccount(@PathParam("ref") String ref, BankAccounts.Entry entry) {
        return BankAccountJson.of(accounts.set(ref, entry));
    }

    @GET
    @Path("representative")
    public RepresentationJson representative(@PathParam("ref") String ref) {
        return representations.of(ref).map(RepresentationJson::of)
                .orElseThrow(() -> DomainException.notFound("A representative of '" + ref + "'"));
    }

    /** Names a representative: {@code {representative}}, another member's ref; NAMED until they accept. */
    @PUT
    @Path("representative")
    public RepresentationJson name(@PathParam("ref") String ref, RepresentativeRequest body) {
        return RepresentationJson.of(representations.name(ref, body == null ? null : body.representative()));
    }

    /** The representative accepts being named by {@code ref}. */
    @POST
    @Path("representative/accept")
    public RepresentationJson accept(@PathParam("ref") String ref) {
        Representations.View live = representations.of(ref)
                .orElseThrow(() -> DomainException.notFound("A representative of '" + ref + "'"));
        return RepresentationJson.of(representations.accept(live.representative(), ref));
    }

    /** Either side ends it (or the representative declines being named). */
    @DELETE
    @Path("representative")
    public RepresentationJson end(@PathParam("ref") String ref) {
        return RepresentationJson.of(representations.end(ref));
    }
}
