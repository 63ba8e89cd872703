package org.cmoportal.statement;

import jakarta.inject.Inject;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The benchmark's baseline (bench/statements.sh): one member row by primary key, rendered through Qute in the
 * layout, with the same sign-in and tenant checks as the statement page. Answers 404 unless
 * {@code cmo.bench.bare-page=true}, which only the benchmark sets.
 */
@Path("/t/{tenant}/bench/members/{id: \\d+}")
@TenantAccess(Party.MEMBER)
public class BareMemberPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance member(Member member);
    }

    @ConfigProperty(name = "cmo.bench.bare-page", defaultValue = "false")
    boolean enabled;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    public TemplateInstance member(@PathParam("id") long id) {
        Member member = enabled ? Member.findById(id) : null;
        if (member == null) {
            throw new NotFoundException();
        }
        return Templates.member(member);
    }
}
