package org.cmoportal.valuation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.cmoportal.distribution.ScalingLaw;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The scaling-law calculator: a fitted loss law, the model and a baseline in, the data-value share and the loss
 * surface out. Every state of the form is an address (a GET with the fields in the query); htmx asks the same address
 * for the results alone ({@code HX-Target: valuation-result}) as the numbers change. Evaluators attach a valuation to
 * an attestation from here; administrators and builders compute with it.
 */
@Path("/valuation/scaling-law")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.EVALUATOR, Roles.CMO_ADMIN, Roles.BUILDER})
public class ValuationPages {

    /** Chinchilla (Hoffmann et al. 2022) against a tenth of it, the example the page opens with. */
    static final Map<String, String> EXAMPLE = Map.of("fit.preset", ScalingLaw.HOFFMANN_2022.method(),
            "fit.E", "1.69", "fit.A", "406.4", "fit.alpha", "0.34", "fit.B", "410.7", "fit.beta", "0.28",
            "model.N", "70e9", "model.D", "1.4e12", "baseline.N0", "7e9", "baseline.D0", "1.4e11");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance calculator(Calculator calc);

        static native TemplateInstance calculator$result(Calculator calc);
    }

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance calculator(@Context UriInfo uri, @RestHeader("HX-Target") String hxTarget) {
        var query = uri.getQueryParameters();
        Map<String, String> form = new LinkedHashMap<>();
        boolean typed = ScalingLawInput.FIELDS.stream().anyMatch(query::containsKey);
        for (String field : ScalingLawInput.FIELDS) {
            form.put(field, typed ? nonNull(query.getFirst(field)) : EXAMPLE.get(field));
        }
        ScalingLawInput.Parsed parsed = ScalingLawInput.fromForm(form::get, "", false);
        String tenant = query.getFirst("tenant");
        Long filing = filing(query.getFirst("filing"));
        // only an evaluator attests: anyone else computes, and is not sent to a filing's page
        boolean fromFiling = tenant != null && !tenant.isBlank() && filing != null && user.hasRole(Roles.EVALUATOR);
        String attach = null;
        if (parsed.ok() && fromFiling) {
            // the filing's page decides whether this evaluator may see it; this is only where the numbers go
            StringBuilder href = new StringBuilder(Routes.evaluatorFiling(tenant, filing));
            form.forEach((k, v) -> href.append(href.indexOf("?") < 0 ? '?' : '&').append(encode(k)).append('=').append(encode(v)));
            attach = href.append("#att-h").toString();
        }
        Calculator calc = new Calculator(form, parsed.problems(), parsed.ok() ? ValuationView.of(parsed.valuation()) : null,
                parsed.ok() ? LossChart.of("loss-chart", parsed.valuation()) : null, attach, fromFiling ? tenant : null,
                fromFiling ? filing : null);
        return "valuation-result".equals(hxTarget) ? Templates.calculator$result(calc) : Templates.calculator(calc);
    }

    private static Long filing(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
