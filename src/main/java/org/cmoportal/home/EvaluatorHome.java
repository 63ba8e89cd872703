package org.cmoportal.home;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.evaluator.EvaluatorOrg;
import org.cmoportal.evaluator.EvaluatorService;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.verification.CrossTenantViews;
import org.cmoportal.verification.CrossTenantViews.AddressedFiling;
import org.cmoportal.web.Paging;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * An evaluator's home: their organisation and the filings addressed to it in the CMOs that trust it, those waiting and
 * those attested each a page at a time, searched by CMO, builder, model or period.
 */
@Path("/evaluator")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.EVALUATOR)
public class EvaluatorHome {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<EvaluatorOrg> organisations, Listed pending, Listed attested, String query);
    }

    @Inject
    CurrentUser user;

    @Inject
    EvaluatorService evaluators;

    @Inject
    CrossTenantViews views;

    /** A page of one of the two lists: its filings, where it stands, and the address parameter that turns its pages. */
    public record Listed(List<AddressedFiling> filings, Paging paging, String param) {
    }

    /** The second list's page parameter: each list keeps its own place. */
    static final String ATTESTED_PAGE = "attestedPage";

    @GET
    public TemplateInstance home(@QueryParam("q") String query, @QueryParam("page") String page,
            @QueryParam(ATTESTED_PAGE) String attestedPage) {
        List<EvaluatorOrg> orgs = evaluators.withIds(user.affiliations().evaluatorIds());
        String q = Paging.contains(query);
        // every filing addressed to the organisations, across CMOs (one query per CMO), so paged here
        List<AddressedFiling> queue = views.evaluatorQueue().stream().filter(f -> q == null || matches(f, q)).toList();
        return Templates.home(orgs, listed(queue.stream().filter(f -> !f.attested()).toList(), page, "page"),
                listed(queue.stream().filter(AddressedFiling::attested).toList(), attestedPage, ATTESTED_PAGE), Paging.query(query));
    }

    private static boolean matches(AddressedFiling f, String q) {
        return Stream.of(f.tenantName(), f.builder(), f.model(), f.period())
                .anyMatch(text -> text != null && text.toLowerCase(Locale.ROOT).contains(q));
    }

    private static Listed listed(List<AddressedFiling> filings, String requested, String param) {
        Paging paging = Paging.of(Paging.requested(requested), Paging.SIZE, filings.size());
        return new Listed(filings.subList((int) paging.offset(), (int) paging.last()), paging, param);
    }
}
