package org.cmoportal.member;

import static org.cmoportal.web.FormValues.typed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.tenant.AdminPages;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The administrator's member forms: add one, import many. */
@Path("/t/{tenant}/admin/members")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class MemberPages {

    @Inject
    MemberService members;

    @Inject
    AdminPages admin;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@PathParam("tenant") String tenant, @RestForm String ref, @RestForm String name,
            @RestForm String username) {
        try {
            members.add(new NewMember(ref, name, username));
        } catch (DomainException e) {
            return admin.withProblems(tenant, e.kind().status, "members", problems(e),
                    Map.of("ref", typed(ref), "name", typed(name), "username", typed(username)));
        }
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "member-added")).build();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importCsv(@PathParam("tenant") String tenant, @RestForm("file") FileUpload file) {
        if (file == null) {
            return admin.withProblems(tenant, 422, "import", List.of(new Problem("file", "Choose a CSV file to import.")), Map.of());
        }
        if (file.size() > MemberImportLimit.MAX_BYTES) { // sent without a declared length
            return admin.withProblems(tenant, 413, "import", List.of(new Problem("file", MemberImportLimit.MESSAGE)), Map.of());
        }
        try (InputStream csv = Files.newInputStream(file.uploadedFile())) {
            members.importCsv(csv);
        } catch (DomainException e) {
            return admin.withProblems(tenant, e.kind().status, "import", problems(e), Map.of());
        } catch (IOException e) {
            return admin.withProblems(tenant, 422, "import", List.of(new Problem("file", "The file could not be read; upload it again.")), Map.of());
        }
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "members-imported")).build();
    }

    static List<Problem> problems(DomainException e) {
        return e.problems().isEmpty() ? List.of(new Problem("", e.getMessage())) : e.problems();
    }

}
