package org.cmoportal.dispute;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
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
 * A member's disputes in one CMO: the list with each dispute's status and the CMO's answer, and the form that disputes
 * a line of a statement (the statement page's "Dispute" beside each line swaps the form's fragment in under it).
 */
@HoldsForms(MemberDisputePages.FORM)
@Path("/t/{tenant}/disputes")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.MEMBER)
public class MemberDisputePages implements FormPage {

    static final String FORM = "dispute";

    static final Map<String, String> NOTICES = Map.of(
            "opened", "Your dispute is sent. An administrator of the CMO answers it here; an adjustment is approved by a second"
                    + " administrator and appears on the statement of the period it lands in.");

    /** The list page. */
    public record ListView(String tenant, String tenantName, List<Row> disputes, Paging paging, String query, String notice) {

        /** This list's address with the search, for the pages' links. */
        public String base() {
            return Paging.searched(Routes.memberDisputes(tenant), query);
        }
    }

    /**
     * A dispute as the lists show it, with the days (UTC) it was opened, answered and approved: days, not text, so the
     * time tag writes them in the viewer's language.
     */
    public record Row(Disputes.Dispute d, LocalDate openedOn, LocalDate answeredOn, LocalDate approvedOn) {
    }

    /** The form page: the line, its window, and the message as typed. */
    public record FormView(String tenant, String tenantName, Disputes.LineToDispute line, LocalDate lastDay, String message,
            List<Problem> problems) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ListView view);

        static native TemplateInstance form(FormView view);

        static native TemplateInstance form$line(FormView view);
    }

    @Inject
    Disputes disputes;

    @Inject
    TenantDirectory tenants;

    @GET
    public TemplateInstance list(@PathParam("tenant") String tenant, @QueryParam("q") String query, @QueryParam("page") String page,
            @QueryParam("notice") String notice) {
        // the member's own, every state, searched as the administrators' queue is
        Disputes.Found found = disputes.find(List.of(), query, Paging.requested(page), Paging.SIZE);
        List<Row> rows = found.disputes().stream().map(MemberDisputePages::row).toList();
        return Templates.list(new ListView(tenant, tenants.get(tenant).name, rows, found.paging(), Paging.query(query),
                notice == null ? null : NOTICES.get(notice)));
    }

    /**
     * The form to dispute a line of one's own statement; its {@code line} fragment alone when htmx swaps it into the
     * statement's line (which targets {@code trail-<line>}), the whole page for anything else.
     */
    @GET
    @Path("new")
    public TemplateInstance form(@PathParam("tenant") String tenant, @QueryParam("line") Long line,
            @RestHeader("HX-Target") String hxTarget) {
        if (line == null) {
            throw DomainException.notFound("Statement line");
        }
        FormView view = formView(tenant, line, "", List.of());
        return ("trail-" + line).equals(hxTarget) ? Templates.form$line(view) : Templates.form(view);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = FORM, where = "dispute")
    public Response open(@PathParam("tenant") String tenant, @RestForm Long statementLineId, @RestForm String message) {
        disputes.open(statementLineId, message);
        return Response.seeOther(Routes.withNotice(Routes.memberDisputes(tenant), "opened")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        String tenant = refusal.path("tenant");
        long line;
        try {
            line = Long.parseLong(refusal.typed("statementLineId"));
        } catch (NumberFormatException e) {
            throw DomainException.notFound("Statement line");
        }
        return Templates.form(formView(tenant, line, refusal.typed("message"), refusal.problems()));
    }

    private FormView formView(String tenant, long line, String message, List<Problem> problems) {
        Disputes.LineToDispute l = disputes.line(line);
        return new FormView(tenant, tenants.get(tenant).name, l, l.window().lastDay(), message, problems);
    }

    static Row row(Disputes.Dispute d) {
        return new Row(d, day(d.openedAt()), day(d.resolvedAt()), day(d.approvedAt()));
    }

    /** The day of {@code at} in UTC, the day the dispute window counts in. */
    static LocalDate day(Instant at) {
        return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
