package org.cmoportal.member;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The administrator's members page: the members, a page at a time, searched by ref or name (as typed, the rows alone
 * for htmx), and the forms to add one and import many, which it shows again with their refusals.
 */
@HoldsForms({MemberPages.ADD, MemberPages.IMPORT})
@Path("/t/{tenant}/admin/members")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class MemberPages implements FormPage {

    static final String ADD = "members";
    static final String IMPORT = "import";

    /** The page: a page of members, the search, and the state of each form. */
    public record View(String tenant, String tenantName, MemberService.Found found, String query, String problemsFor,
            List<Problem> problems, Map<String, String> form, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance members(View view);

        static native TemplateInstance members$member_rows(View view);
    }

    private static final Map<String, String> NOTICES = Map.of(
            "member-added", "The member was added.",
            "members-imported", "The members were imported.");

    @Inject
    MemberService members;

    @Inject
    TenantNames names;

    @GET
    public TemplateInstance members(@PathParam("tenant") String tenant, @QueryParam("q") String query,
            @QueryParam("page") String page, @QueryParam("notice") String notice, @RestHeader("HX-Target") String hxTarget) {
        View view = view(tenant, query, Paging.requested(page), null, List.of(), Map.of(), notice == null ? null : NOTICES.get(notice));
        return "member-rows".equals(hxTarget) ? Templates.members$member_rows(view) : Templates.members(view);
    }

    /** The page again, with the problems of one form and what was typed in it (a file is not shown back). */
    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        Map<String, String> typed = ADD.equals(refusal.form()) ? refusal.typedFields("ref", "name", "username") : Map.of();
        return Templates.members(view(refusal.path("tenant"), null, 1, refusal.form(), refusal.problems(), typed, null));
    }

    private View view(String tenant, String query, int page, String problemsFor, List<Problem> problems,
            Map<String, String> form, String notice) {
        return new View(tenant, names.nameOf(tenant).orElse(tenant), members.find(query, page), Paging.query(query),
                problemsFor, problems, form, notice);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(ADD)
    public Response add(@PathParam("tenant") String tenant, @RestForm String ref, @RestForm String name,
            @RestForm String username) {
        members.add(new NewMember(ref, name, username));
        return Response.seeOther(Routes.withNotice(Routes.members(tenant), "member-added")).build();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ReshowOnRefusal(IMPORT)
    public Response importCsv(@PathParam("tenant") String tenant, @RestForm("file") FileUpload file) {
        if (file == null) {
            throw DomainException.invalid("file", "Choose a CSV file to import.");
        }
        if (file.size() > MemberImportLimit.MAX_BYTES) { // sent without a declared length
            throw new DomainException(DomainException.Kind.TOO_LARGE, "too-large", MemberImportLimit.MESSAGE,
                    List.of(new Problem("file", MemberImportLimit.MESSAGE)));
        }
        try (InputStream csv = Files.newInputStream(file.uploadedFile())) {
            members.importCsv(csv);
        } catch (IOException e) {
            throw DomainException.invalid("file", "The file could not be read; upload it again.");
        }
        return Response.seeOther(Routes.withNotice(Routes.members(tenant), "members-imported")).build();
    }
}
