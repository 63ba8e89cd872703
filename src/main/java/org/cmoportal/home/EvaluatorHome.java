package org.cmoportal.home;

import java.util.List;

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
        // each CMO counted and read in the database: a page of each list reads at most a page of filings
        CrossTenantViews.EvaluatorLists lists = views.evaluatorLists(query, Paging.requested(page), Paging.requested(attestedPage),
                Paging.SIZE);
        return Templates.home(orgs, new Listed(lists.waiting().filings(), lists.waiting().paging(), "page"),
                new Listed(lists.attested().filings(), lists.attested().paging(), ATTESTED_PAGE), Paging.query(query));
    }
}
