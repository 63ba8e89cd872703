package org.cmoportal.help;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

/**
 * Short explanations of what the money pages compute, in plain words, linked from those pages: how a statement is
 * computed (a member's own statement explains itself with its figures: statement/), what operating profit and the
 * data-value share mean, and the four-eyes steps. The texts follow economics.md; any signed-in person may read them.
 */
@Path("/help")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class HelpPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance statements();

        static native TemplateInstance operatingProfit();

        static native TemplateInstance fourEyes();
    }

    @GET
    @Path("statements")
    public TemplateInstance statements() {
        return Templates.statements();
    }

    @GET
    @Path("operating-profit")
    public TemplateInstance operatingProfit() {
        return Templates.operatingProfit();
    }

    @GET
    @Path("four-eyes")
    public TemplateInstance fourEyes() {
        return Templates.fourEyes();
    }
}
