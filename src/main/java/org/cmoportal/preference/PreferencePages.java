package org.cmoportal.preference;

import java.time.Instant;
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

import org.cmoportal.member.MemberAccess;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.Formats;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A member's AI preferences page, for one ref they hold: per category of the CMO, a form with two yes/no questions
 * (may their works train AI models, may search applications use them), each saying since when it stands.
 */
@HoldsForms(PreferencePages.FORM)
@Path("/t/{tenant}/members/{ref}/preferences")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.MEMBER)
public class PreferencePages implements FormPage {

    static final String FORM = "preferences";
    /** Where the problems of a form posted for no category of the CMO are shown. */
    static final String TOP = "";

    /** The page; {@code problemsFor} names the category whose form was refused. */
    public record View(String tenant, String tenantName, String ref, String name, List<Row> categories,
            String problemsFor, List<Problem> problems, String notice) {
    }

    /** One category's form: what stands, since when and who set it ("you" for the member). */
    public record Row(String key, String name, boolean trainAi, boolean search, String since, String setBy) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance preferences(View view);
    }

    @Inject
    Preferences preferences;

    @Inject
    MemberAccess access;

    @Inject
    TenantNames names;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@PathParam("tenant") String tenant, @PathParam("ref") String ref,
            @QueryParam("notice") String notice) {
        return Templates.preferences(view(tenant, ref, null, List.of(),
                "saved".equals(notice) ? "Your preferences are saved. Builders licensed by the CMO see your opt-outs from now on." : null));
    }

    /** One category's form: {@code category}, {@code trainAi} and {@code search}, each {@code yes} or {@code no}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = FORM, where = "preferences")
    public Response save(@PathParam("tenant") String tenant, @PathParam("ref") String ref, @RestForm String category,
            @RestForm String trainAi, @RestForm String search) {
        accessAsHolder(ref);
        String key = category == null ? "" : category;
        preferences.set(ref, Map.of(key, new Preferences.Choice(answer("trainAi", trainAi), answer("search", search))));
        return Response.seeOther(Routes.withNotice(Routes.memberPreferences(tenant, ref), "saved")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.preferences(view(refusal.path("tenant"), refusal.path("ref"), refusal.typed("category"),
                refusal.problems(), null));
    }

    /** The form a refusal belongs to: its category's, or the page's top when the category posted is not the CMO's. */
    private static String formOf(String category, List<Row> rows) {
        return rows.stream().anyMatch(r -> r.key().equals(category)) ? category : TOP;
    }

    private static Boolean answer(String field, String value) {
        if ("yes".equals(value)) {
            return true;
        }
        if ("no".equals(value)) {
            return false;
        }
        throw DomainException.invalid(field, "choose yes or no");
    }

    /** This page is the member's own: an administrator sets preferences through the API. */
    private void accessAsHolder(String ref) {
        if (!access.holds(ref)) {
            throw MemberAccess.notFound(ref);
        }
    }

    private View view(String tenant, String ref, String problemsFor, List<Problem> problems, String notice) {
        accessAsHolder(ref);
        Preferences.MemberPreferences p = preferences.of(ref);
        List<Row> rows = p.categories().stream().map(c -> new Row(c.key(), c.name(), c.trainAi(), c.search(),
                c.since() == null ? null : moment(c.since()),
                c.setBy() == null ? null : c.setBy().equals(user.actor()) ? "you" : c.setBy())).toList();
        return new View(tenant, names.nameOf(tenant).orElse(tenant), ref, p.name(), rows,
                problems.isEmpty() ? null : formOf(problemsFor, rows), problems, notice);
    }

    /** An instant as the view carries it (ISO), written in the viewer's language by the time tag. */
    static String moment(Instant at) {
        return Formats.iso(at);
    }
}
