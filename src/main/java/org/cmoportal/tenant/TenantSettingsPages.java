package org.cmoportal.tenant;

import java.util.LinkedHashMap;
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

import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.cmoportal.web.FormPage;
import org.cmoportal.web.HoldsForms;
import org.cmoportal.web.Refusal;
import org.cmoportal.web.ReshowOnRefusal;
import org.cmoportal.web.Routes;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The administrator's settings page: the minimum payout, how long suspense is held, the dispute window. */
@HoldsForms(TenantSettingsPages.FORM)
@Path("/t/{tenant}/admin/settings")
@Produces(MediaType.TEXT_HTML)
@TenantAccess(Party.ADMIN)
public class TenantSettingsPages implements FormPage {

    static final String FORM = "tenant-settings";

    /** The page: the settings, the form as typed after a refusal, and its problems. */
    public record View(String tenant, String tenantName, String currency, TenantSettings settings,
            Map<String, String> form, List<Problem> problems, String notice) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(View view);
    }

    @Inject
    TenantSettingsService service;

    @Inject
    TenantDirectory directory;

    @GET
    public TemplateInstance settings(@PathParam("tenant") String tenant, @QueryParam("notice") String notice) {
        TenantSettings s = service.settings();
        return Templates.settings(view(tenant, s, form(s), List.of(),
                "saved".equals(notice) ? "The settings are saved; the next payment run uses them." : null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ReshowOnRefusal(value = FORM, where = "settings")
    public Response save(@PathParam("tenant") String tenant, @RestForm String minimumPayout,
            @RestForm String suspenseHoldMonths, @RestForm String disputeWindowDays) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(TenantSettingsService.MINIMUM_PAYOUT, minimumPayout == null ? "" : minimumPayout);
        change.put(TenantSettingsService.SUSPENSE_HOLD_MONTHS, suspenseHoldMonths == null ? "" : suspenseHoldMonths);
        change.put(TenantSettingsService.DISPUTE_WINDOW_DAYS, disputeWindowDays == null ? "" : disputeWindowDays);
        service.change(change);
        return Response.seeOther(Routes.withNotice(Routes.tenantSettings(tenant), "saved")).build();
    }

    @Override
    public TemplateInstance showAgain(Refusal refusal) {
        return Templates.settings(view(refusal.path("tenant"), service.settings(), refusal.typedFields(
                TenantSettingsService.MINIMUM_PAYOUT, TenantSettingsService.SUSPENSE_HOLD_MONTHS,
                TenantSettingsService.DISPUTE_WINDOW_DAYS), refusal.problems(), null));
    }

    private View view(String tenant, TenantSettings s, Map<String, String> form, List<Problem> problems, String notice) {
        Tenant t = directory.get(tenant);
        return new View(tenant, t.name, t.currency, s, form, problems, notice);
    }

    private static Map<String, String> form(TenantSettings s) {
        return Map.of(TenantSettingsService.MINIMUM_PAYOUT, s.minimumPayout(),
                TenantSettingsService.SUSPENSE_HOLD_MONTHS, Integer.toString(s.suspenseHoldMonths()),
                TenantSettingsService.DISPUTE_WINDOW_DAYS, Integer.toString(s.disputeWindowDays()));
    }
}
