package org.cmoportal.preference;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.web.Paging;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The CMO's published opt-outs, for the builders it licenses and its administrators: a page at a time, searchable
 * by member ref and narrowed by category, and the whole list as aipref text.
 */
@Path("/t/{tenant}/opt-outs")
@TenantAccess({Party.ADMIN, Party.LICENSED_BUILDER})
public class OptOutPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance optOuts(OptOuts.Page page);

        static native TemplateInstance optOuts$opt_out_rows(OptOuts.Page page);
    }

    @Inject
    OptOuts optOuts;

    @Inject
    TenantScope scope;

    /** The rows alone when the search asks (htmx, {@code HX-Target: opt-out-rows}), the whole page otherwise. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("q") String query, @QueryParam("category") String category,
            @QueryParam("page") String page, @RestHeader("HX-Target") String hxTarget) {
        OptOuts.Page p = optOuts.page(query, category, Paging.requested(page));
        return "opt-out-rows".equals(hxTarget) ? Templates.optOuts$opt_out_rows(p) : Templates.optOuts(p);
    }

    /** Every opt-out as aipref text (docs/preferences.md), streamed. */
    @GET
    @Path("aipref.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public Response text(@PathParam("tenant") String tenant) {
        return text(tenant, optOuts, scope);
    }

    static Response text(String tenant, OptOuts optOuts, TenantScope scope) {
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            scope.run(tenant, () -> optOuts.writeText(w));
            w.flush();
        };
        return Response.ok(body, "text/plain; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"opt-outs-" + tenant + ".aipref.txt\"").build();
    }
}
