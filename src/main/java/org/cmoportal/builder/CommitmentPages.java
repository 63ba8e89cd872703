package org.cmoportal.builder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Roles;
import org.cmoportal.verification.CommitmentService;
import org.cmoportal.verification.CrossTenantViews;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** A builder's verification page: mixture commitments, and what the checks found on its filings in every CMO. */
@HoldsForms("commitment")
@Path("/builder/verification")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.BUILDER)
public class CommitmentPages implements FormPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(CommitmentService.Mine commitments, Checks checks, String query,
                Map<String, String> form, List<Problem> problems, String notice);
    }

    /** The commitments' page parameter: the checks, the page's first list, have {@code page}. */
    static final String COMMITMENTS_PAGE = "commitmentsPage";

    /** A page of the checks on the builder's filings. */
    public record Checks(List<CrossTenantViews.BuilderCheck> rows, Paging paging) {
    }

    @Inject
    CommitmentService commitments;

    @Inject
    CrossTenantViews views;

    /** Both lists a page at a time, each keeping its own place, and one search (model, period, CMO; digest or note). */
    @GET
    public TemplateInstance page(@QueryParam("notice") String notice, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam(COMMITMENTS_PAGE) String commitmentsPage) {
        return Templates.page(commitments.mine(query, Paging.requested(commitmentsPage)), checks(query, Paging.requested(page)),
                Paging.query(query), Map.of(), List.of(),
                "committed".equals(notice) ? "The commitment was registered. Filings of this model are checked against it." : null);
    }

    /** The checks are read in each CMO the builder files with (one query per CMO), so searched and paged here. */
    private Checks checks(String query, int page) {
        String q = Paging.contains(query);
        List<CrossTenantViews.BuilderCheck> found = views.builderChecks().stream().filter(c -> q == null
                || Stream.of(c.tenantName(), c.model(), c.period()).anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).contains(q)))
                .toList();
        Paging paging = Paging.of(page, Paging.SIZE, found.size());
        return new Checks(found.subList((int) paging.offset(), (int) paging.last()), paging);
    }

    @POST
    @Path("commitments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = "commitment", where = "commitment")
    public Response commit(@RestForm String model, @RestForm String mixtureSha256, @RestForm String note) {
        commitments.register(new CommitmentService.CommitmentRequest(null, model, mixtureSha256, null, note));
        return Response.seeOther(Routes.withNotice("/builder/verification", "committed")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.page(commitments.mine(null, 1), checks(null, 1), "", refusal.typedFields("model", "mixtureSha256", "note"),
                refusal.problems(), null);
    }

}
