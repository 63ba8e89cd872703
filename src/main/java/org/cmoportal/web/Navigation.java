package org.cmoportal.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantNames;

import io.quarkus.runtime.BlockingOperationControl;
import io.vertx.ext.web.RoutingContext;

/** What the layout shows about who is signed in, where they are, and where they can go. */
@Named("nav")
@RequestScoped
public class Navigation {

    /** A link in the navigation or the tenant switcher. */
    public record Link(String label, String href, boolean current) {
    }

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    @Inject
    RoutingContext routing;

    @Inject
    TenantNames names;

    private List<Link> tenantLinks;
    private String tenantName;

    public boolean isSignedIn() {
        return !user.isAnonymous();
    }

    public String getUsername() {
        return user.username();
    }

    /**
     * The CSRF token for htmx requests, or empty on an error page: a refusal raised before the CSRF
     * filter ran (wrong role, another tenant) has no token, and {@code inject:csrf.token} would fail there.
     */
    public String getCsrfToken() {
        Object token = routing.get("csrf_token");
        return token == null ? "" : token.toString();
    }

    /** The role shown beside the name: the first the person has, in order of reach. */
    public String getRole() {
        if (user.hasRole(Roles.OPERATOR)) {
            return "Operator";
        }
        if (user.hasRole(Roles.CMO_ADMIN)) {
            return "CMO administrator";
        }
        if (user.hasRole(Roles.BUILDER)) {
            return "Builder";
        }
        if (user.hasRole(Roles.EVALUATOR)) {
            return "Evaluator";
        }
        return user.hasRole(Roles.MEMBER) ? "Member" : "";
    }

    public String getTenantName() {
        if (tenantName == null && tenant.isSet() && BlockingOperationControl.isBlockingAllowed()) {
            tenantName = names.nameOf(tenant.tenantId()).orElse(tenant.tenantId());
        }
        return tenantName;
    }

    /** The main links for the person's roles. */
    public List<Link> getLinks() {
        List<Link> links = new ArrayList<>();
        if (user.isAnonymous()) {
            return links;
        }
        if (user.hasRole(Roles.OPERATOR)) {
            links.add(new Link("Tenants", "/operator", false));
        }
        if (user.hasRole(Roles.BUILDER)) {
            links.add(new Link("My filings", "/builder", false));
        }
        if (user.hasRole(Roles.MEMBER)) {
            links.add(new Link("My statements", "/member", false));
            links.add(new Link("My account", Routes.memberAccounts(), false));
        }
        if (user.hasRole(Roles.EVALUATOR)) {
            links.add(new Link("Attestations", "/evaluator", false));
        }
        if (user.hasRole(Roles.CMO_ADMIN) && tenant.isSet() && BlockingOperationControl.isBlockingAllowed()
                && user.affiliations().adminOf().contains(tenant.tenantId())) {
            // inside a CMO they administer: its pages that are not reached from one place only
            String t = tenant.tenantId();
            String path = routing.request().path();
            links.add(new Link("Periods", Routes.periods(t), path.startsWith(Routes.periods(t))));
            links.add(new Link("Members", Routes.members(t), path.startsWith(Routes.members(t))));
            links.add(new Link("Licences", Routes.licences(t), path.startsWith(Routes.licences(t))));
            links.add(new Link("Settings", Routes.tenantSettings(t), path.startsWith(Routes.tenantSettings(t))));
        }
        return links;
    }

    /** The tenants the person administers, for the switcher; the current one is marked. */
    public List<Link> getTenants() {
        if (tenantLinks == null) {
            // An error page rendered on the I/O thread (an unknown address) cannot read the database.
            tenantLinks = user.isAnonymous() || !user.hasRole(Roles.CMO_ADMIN) || !BlockingOperationControl.isBlockingAllowed() ? List.of()
                    : user.affiliations().adminOf().stream()
                            .map(id -> new Link(names.nameOf(id).orElse(id), Routes.adminHome(id), id.equals(tenant.tenantId())))
                            .toList();
        }
        return tenantLinks;
    }
}
