package org.cmoportal.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateExtension;

/**
 * Where each page and form of the portal lives: one method per address, every slug, label and id percent-encoded
 * as a path segment. Templates call them as {@code {route:periodBoard(tenant, period)}}; resources build their
 * redirects with them. The routing table is the reference: {@code RoutesTest} checks every address here against it.
 */
@TemplateExtension(namespace = "route")
public final class Routes {

    private Routes() {
    }

    // --- homes, by role (those without a parameter are plain links: "/builder", "/member")

    public static String adminHome(String tenant) {
        return tenant(tenant) + "/admin";
    }

    // --- the operator's pages

    public static String tenantAdmins(String tenant) {
        return "/operator/tenants/" + segment(tenant) + "/admins";
    }

    public static String evaluatorUsers(String evaluator) {
        return "/operator/evaluators/" + segment(evaluator) + "/users";
    }

    // --- a builder organisation's pages

    public static String builderUsers(String builder) {
        return "/builders/" + segment(builder) + "/users";
    }

    public static String builderUserRemoval(String builder) {
        return builderUsers(builder) + "/remove";
    }

    // --- a CMO administrator's pages

    public static String members(String tenant) {
        return adminHome(tenant) + "/members";
    }

    public static String memberImport(String tenant) {
        return members(tenant) + "/import";
    }

    public static String licences(String tenant) {
        return adminHome(tenant) + "/licences";
    }

    public static String periods(String tenant) {
        return adminHome(tenant) + "/periods";
    }

    /** The period board; its workflow actions are the board's address and the action's name ({@code /close}). */
    public static String periodBoard(String tenant, String period) {
        return periods(tenant) + "/" + segment(period);
    }

    public static String audit(String tenant) {
        return adminHome(tenant) + "/audit";
    }

    public static String auditPage(String tenant, int page) {
        return audit(tenant) + "?page=" + page;
    }

    public static String auditCheck(String tenant) {
        return audit(tenant) + "/verify";
    }

    public static String verification(String tenant) {
        return adminHome(tenant) + "/verification";
    }

    public static String attestationRule(String tenant) {
        return verification(tenant) + "/rule";
    }

    public static String trustedEvaluators(String tenant) {
        return verification(tenant) + "/trusted";
    }

    public static String trustRemoval(String tenant, String evaluator) {
        return trustedEvaluators(tenant) + "/" + segment(evaluator) + "/remove";
    }

    public static String verificationBoard(String tenant, String period) {
        return verification(tenant) + "/" + segment(period);
    }

    public static String periodStatements(String tenant, String period) {
        return adminHome(tenant) + "/statements/periods/" + segment(period);
    }

    public static String periodStatementsCsv(String tenant, String period) {
        return periodStatements(tenant, period) + "/csv";
    }

    public static String adminStatement(String tenant, long id) {
        return adminHome(tenant) + "/statements/" + id;
    }

    public static String adminStatementLine(String tenant, long id, long line) {
        return adminStatement(tenant, id) + "/lines/" + line;
    }

    // --- a member's statements

    public static String memberStatement(String tenant, long id) {
        return tenant(tenant) + "/statements/" + id;
    }

    public static String memberStatementLine(String tenant, long id, long line) {
        return memberStatement(tenant, id) + "/lines/" + line;
    }

    // --- a builder's filings and statements with a CMO

    /** Where the filing form posts; the form itself is {@link #filingForm}. */
    public static String filings(String tenant, String period) {
        return tenant(tenant) + "/periods/" + segment(period) + "/filings";
    }

    public static String filingForm(String tenant, String period) {
        return filings(tenant, period) + "/new";
    }

    public static String filingUpload(String tenant, String period) {
        return filings(tenant, period) + "/upload";
    }

    public static String filing(String tenant, String period, long id) {
        return filings(tenant, period) + "/" + id;
    }

    public static String builderStatements(String tenant) {
        return tenant(tenant) + "/builder/statements";
    }

    public static String builderStatement(String tenant, String period) {
        return builderStatements(tenant) + "/" + segment(period);
    }

    public static String builderStatementFiling(String tenant, String period, long filing) {
        return builderStatement(tenant, period) + "/filings/" + filing;
    }

    // --- an evaluator's pages

    public static String evaluatorFiling(String tenant, long id) {
        return tenant(tenant) + "/evaluator/filings/" + id;
    }

    public static String attestations(String tenant, long filing) {
        return evaluatorFiling(tenant, filing) + "/attestations";
    }

    /** A page's address with the notice it shows once, after the redirect that follows a form. */
    public static URI withNotice(String address, String notice) {
        return URI.create(address + "?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }

    private static String tenant(String tenant) {
        // a page of many lines writes one address per line; the tenants are few, so their prefixes are kept (a bounded
        // number: an address may be written for a slug someone typed)
        String known = TENANT_PREFIXES.get(tenant);
        if (known == null) {
            known = "/t/" + segment(tenant);
            if (TENANT_PREFIXES.size() < 1_000) {
                TENANT_PREFIXES.put(tenant, known);
            }
        }
        return known;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, String> TENANT_PREFIXES = new java.util.concurrent.ConcurrentHashMap<>();

    /** One path segment, percent-encoded, so that no slug or label can reach into another segment or the query. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
