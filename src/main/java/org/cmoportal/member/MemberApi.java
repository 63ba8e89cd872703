package org.cmoportal.member;

import java.io.InputStream;
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

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

/** Members through the API: one as JSON, many as CSV (api.md). */
@Path("/api/v1/tenants/{tenant}/members")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class MemberApi {

    /** A member as the API shows it. */
    public record MemberJson(Long id, String ref, String name) {
        static MemberJson of(Member m) {
            return new MemberJson(m.id, m.ref, m.name);
        }
    }

    @Inject
    MemberService members;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(NewMember member) {
        Member m = members.add(member == null ? new NewMember(null, null, null) : member);
        return Response.status(Response.Status.CREATED).entity(MemberJson.of(m)).build();
    }

    @POST
    @Consumes("text/csv")
    public Response importCsv(InputStream csv) {
        MemberService.ImportResult r = members.importCsv(csv);
        return Response.ok(Map.of("added", r.added(), "updated", r.updated())).build();
    }

    @GET
    public List<MemberJson> list(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return members.search(query, max).members().stream().map(MemberJson::of).toList();
    }
}
