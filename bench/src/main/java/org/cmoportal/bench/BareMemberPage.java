package org.cmoportal.bench;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.member.Member;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateContents;
import io.quarkus.qute.TemplateInstance;

/**
 * The baseline of bench/statements.sh: one member row by primary key, rendered through Qute in the layout, with the
 * same sign-in and tenant checks as the statement page, so the bench can say what the statement page costs beyond
 * a request's fixed price. Only the Maven profile {@code bench} compiles it (bench/README.md): a released build
 * has no such route.
 */
@Path("/t/{tenant}/bench/members/{id: \\d+}")
@TenantAccess(Party.MEMBER)
public class BareMemberPage {

    @CheckedTemplate
    static class Templates {
        // inline, so that the bench adds a source folder to the build and nothing to its resources
        @TemplateContents("""
                {#include layout}
                {#title}{member.name}{/title}
                <h1>{member.name}</h1>
                <p>Ref <code>{member.ref}</code></p>
                {/include}
                """)
        static native TemplateInstance member(Member member);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    public TemplateInstance member(@PathParam("id") long id) {
        Member member = Member.findById(id);
        if (member == null) {
            throw new NotFoundException();
        }
        return Templates.member(member);
    }
}
