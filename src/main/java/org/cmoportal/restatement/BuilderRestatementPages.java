package org.cmoportal.restatement;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import org.cmoportal.filing.FilingJsonReader;
import org.cmoportal.filing.FilingParts;
import org.cmoportal.filing.FilingService;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.TenantDirectory;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A builder's restatements: the form restating a filing of a distributed period (the filing's two files, as the
 * filing form's upload takes them, and the reason), and a restatement's page with its differences and what the
 * builder owes for it.
 */
@HoldsForms(BuilderRestatementPages.FORM)
@Path("/t/{tenant}")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.LICENSED_BUILDER)
public class BuilderRestatementPages implements FormPage {

    static final String FORM = "restate-filing";

    public record FormView(String tenant, String tenantName, String period, long filing, List<Problem> problems,
            Map<String, String> form) {
    }

    /** A restatement with a page of its members, searched by ref ({@code q}, {@code membersPage}). */
    public record OneView(String tenant, String tenantName, Restatements.View r, Restatements.Members members, String query) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(FormView view);

        static native TemplateInstance restatement(OneView view);
    }

    @Inject
    Restatements restatements;

    @Inject
    FilingService filings;

    @Inject
    TenantDirectory tenants;

    /** The form; the filing must be the caller's organisation's (else 404). */
    @GET
    @Path("periods/{period}/filings/{id}/restate")
    public TemplateInstance form(@PathParam("tenant") String tenant, @PathParam("period") String period, @PathParam("id") long id) {
        filings.get(period, id);
        return Templates.form(new FormView(tenant, tenants.get(tenant).name, period, id, List.of(), Map.of()));
    }

    @POST
    @Path("periods/{period}/filings/{id}/restate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ReshowOnRefusal(FORM)
    public Response restate(@PathParam("tenant") String tenant, @PathParam("period") String period, @PathParam("id") long id,
            MultipartFormDataInput input) throws IOException {
        FilingParts parts = new FilingParts(input);
        FilingJsonReader.Parsed parsed = FilingJsonReader.read(parts.bytes("filing", FilingJsonReader.MAX_BYTES));
        FilingService.UsageUpload usage = parts.stream("usage");
        // as text, whether the sender wrote it as a plain field (a browser) or as a part with a content type (a client)
        byte[] given = parts.bytes("reason", 4096);
        String reason = given == null ? null : new String(given, java.nio.charset.StandardCharsets.UTF_8);
        long restatement = restatements.propose(period, id, () -> reason, receiver -> {
            receiver.filing(parsed.document(), parsed.problems());
            if (usage != null) {
                try (InputStream in = usage.open()) {
                    receiver.usage(in);
                }
            }
        });
        return Response.seeOther(URI.create(Routes.builderRestatement(tenant, restatement))).build();
    }

    @GET
    @Path("restatements/{id}")
    public TemplateInstance restatement(@PathParam("tenant") String tenant, @PathParam("id") long id, @QueryParam("q") String query,
            @QueryParam("membersPage") String membersPage) {
        // the search is a plain GET of the whole page: no page links here (the builder arrives from the form's
        // redirect), so a fragment route would be one no page asks for
        return Templates.restatement(new OneView(tenant, tenants.get(tenant).name, restatements.summary(id),
                restatements.members(id, query, Paging.requested(membersPage)), Paging.query(query)));
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        String tenant = refusal.path("tenant");
        return Templates.form(new FormView(tenant, tenants.get(tenant).name, refusal.path("period"),
                Long.parseLong(refusal.path("id")), refusal.problems(), refusal.typedFields("reason")));
    }
}
