package org.cmoportal.member;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

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
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The administrator's member forms: add one, import many. They sit on the administrator's home, which shows a refusal. */
@Path("/t/{tenant}/admin/members")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class MemberPages {

    @Inject
    MemberService members;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal("members")
    public Response add(@PathParam("tenant") String tenant, @RestForm String ref, @RestForm String name,
            @RestForm String username) {
        members.add(new NewMember(ref, name, username));
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "member-added")).build();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ReshowOnRefusal("import")
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
        return Response.seeOther(Routes.withNotice(Routes.adminHome(tenant), "members-imported")).build();
    }
}
