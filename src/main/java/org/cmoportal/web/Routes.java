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

    /** The administrator's tolerance between a filed data-value share and an attested scaling-law valuation. */
    public static String valuationTolerance(String tenant) {
        return verification(tenant) + "/tolerance";
    }

    public static String verificationBoard(String tenant, String period) {
        return verification(tenant) + "/" + segment(period);
    }

    /** The distributed periods whose statements an administrator reads, a page at a time. */
    public static String distributedPeriods(String tenant) {
        return adminHome(tenant) + "/statements/periods";
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

    // --- suspense: money held for unknown refs, claims and aged releases

    /** What the CMO holds for unknown refs, as its members see it, with their claims. */
    public static String suspense(String tenant) {
        return tenant(tenant) + "/suspense";
    }

    /** The page with the claim form filled in for {@code ref}. */
    public static String suspenseClaim(String tenant, String ref) {
        return suspense(tenant) + "?claim=" + URLEncoder.encode(ref, StandardCharsets.UTF_8) + "#claim-h";
    }

    /** A member's claim form posts here. */
    public static String claims(String tenant) {
        return suspense(tenant) + "/claims";
    }

    /** The administrators' suspense page: what is held, the claims queue and the releases. */
    public static String adminSuspense(String tenant) {
        return adminHome(tenant) + "/suspense";
    }

    /**
     * The administrators' suspense page with its claims searched by member ref or claimed ref ({@code claimsQ}); the
     * claims' pages add {@code claimsPage}, so the held money keeps {@code q} and {@code page} to itself.
     */
    public static String adminSuspenseClaims(String tenant, String claimsQuery) {
        return claimsQuery == null || claimsQuery.isBlank() ? adminSuspense(tenant)
                : adminSuspense(tenant) + "?claimsQ=" + URLEncoder.encode(claimsQuery.strip(), StandardCharsets.UTF_8);
    }

    /** The administrators' steps on a claim: one accepts, another confirms; either may reject. */
    public static String claimAcceptance(String tenant, long id) {
        return adminSuspense(tenant) + "/claims/" + id + "/accept";
    }

    public static String claimConfirmation(String tenant, long id) {
        return adminSuspense(tenant) + "/claims/" + id + "/confirm";
    }

    public static String claimRejection(String tenant, long id) {
        return adminSuspense(tenant) + "/claims/" + id + "/reject";
    }

    public static String suspenseReleases(String tenant) {
        return adminSuspense(tenant) + "/releases";
    }

    public static String suspenseRelease(String tenant, long id) {
        return suspenseReleases(tenant) + "/" + id;
    }

    public static String suspenseReleaseConfirmation(String tenant, long id) {
        return suspenseRelease(tenant, id) + "/confirm";
    }

    // --- member accounts (the ledger), builder dues and the tenant's conservation check

    /** A member's accounts in every CMO they belong to. */
    public static String memberAccounts() {
        return "/member/account";
    }

    /** One account, as the member holding the ref sees it. */
    public static String memberAccount(String tenant, String ref) {
        return tenant(tenant) + "/accounts/" + segment(ref);
    }

    /** One member's account, as the CMO's administrator sees it. */
    public static String adminAccount(String tenant, String ref) {
        return adminHome(tenant) + "/accounts/" + segment(ref);
    }

    /** Every member's balance, sorted by balance. */
    public static String balances(String tenant) {
        return adminHome(tenant) + "/balances";
    }

    /** The balances in an order: {@code asc} smallest first; largest first is the report's own address. */
    public static String balancesSorted(String tenant, String order) {
        return "asc".equals(order) ? balances(tenant) + "?order=asc" : balances(tenant);
    }

    public static String balancesCsv(String tenant) {
        return balances(tenant) + "/csv";
    }

    /** The identity of economics.md for the tenant, checked. */
    public static String conservation(String tenant) {
        return adminHome(tenant) + "/conservation";
    }

    /** What each builder owes per period and what was received; the receipt form posts to {@link #receipts}. */
    public static String dues(String tenant) {
        return adminHome(tenant) + "/dues";
    }

    public static String receipts(String tenant) {
        return dues(tenant) + "/receipts";
    }

    public static String tenantSettings(String tenant) {
        return adminHome(tenant) + "/settings";
    }

    // --- payments: an administrator's payment runs, a member's bank account as an administrator enters it

    public static String paymentRuns(String tenant) {
        return adminHome(tenant) + "/payment-runs";
    }

    /** The CMO's own bank account, which its payments are made from. */
    public static String debtorAccount(String tenant) {
        return paymentRuns(tenant) + "/account";
    }

    public static String paymentRun(String tenant, long id) {
        return paymentRuns(tenant) + "/" + id;
    }

    public static String paymentRunApproval(String tenant, long id) {
        return paymentRun(tenant, id) + "/approve";
    }

    public static String paymentRunPain001(String tenant, long id) {
        return paymentRun(tenant, id) + "/pain.001";
    }

    public static String paymentRunCsv(String tenant, long id) {
        return paymentRun(tenant, id) + "/csv";
    }

    public static String paymentRunReturns(String tenant, long id) {
        return paymentRun(tenant, id) + "/returns";
    }

    public static String adminPayee(String tenant, String ref) {
        return members(tenant) + "/" + segment(ref) + "/payee";
    }

    // --- a member's payee: bank account and representatives

    public static String memberPayee(String tenant, String ref) {
        return tenant(tenant) + "/members/" + segment(ref) + "/payee";
    }

    public static String memberRepresentative(String tenant, String ref) {
        return memberPayee(tenant, ref) + "/representative";
    }

    public static String memberRepresentativeEnd(String tenant, String ref) {
        return memberRepresentative(tenant, ref) + "/end";
    }

    /** The representative {@code ref} accepts being named by {@code member}. */
    public static String representationAccept(String tenant, String ref, String member) {
        return memberPayee(tenant, ref) + "/represents/" + segment(member) + "/accept";
    }

    /** The representative {@code ref} ends representing {@code member} (or declines being named). */
    public static String representationEnd(String tenant, String ref, String member) {
        return memberPayee(tenant, ref) + "/represents/" + segment(member) + "/end";
    }

    // --- stakes and ballots: the administrator's register and grants, a member's stakes, a builder's models

    public static String adminStakes(String tenant) {
        return adminHome(tenant) + "/stakes";
    }

    /** A model's register of holders, a page at a time. */
    public static String stakeRegister(String tenant, String model) {
        return adminStakes(tenant) + "/" + segment(model);
    }

    public static String stakeRegisterCsv(String tenant, String model) {
        return stakeRegister(tenant, model) + "/csv";
    }

    /** Where the administrator's form opens a ballot (the model is a field of the form). */
    public static String ballotOpening(String tenant) {
        return adminStakes(tenant) + "/ballots";
    }

    public static String stakeGrantAcceptance(String tenant, long id) {
        return adminHome(tenant) + "/stake-grants/" + id + "/accept";
    }

    public static String stakeGrantConfirmation(String tenant, long id) {
        return adminHome(tenant) + "/stake-grants/" + id + "/confirm";
    }

    /** A member ref's stakes in every model it was paid from. */
    public static String memberStakes(String tenant, String ref) {
        return tenant(tenant) + "/stakes/" + segment(ref);
    }

    /** A ballot: its question, the member's vote, the result; the same address for every party. */
    public static String ballot(String tenant, long id) {
        return tenant(tenant) + "/ballots/" + id;
    }

    public static String ballotVotes(String tenant, long id) {
        return ballot(tenant, id) + "/votes";
    }

    public static String ballotAcknowledgement(String tenant, long id) {
        return ballot(tenant, id) + "/acknowledge";
    }

    /** A builder's models with this CMO: their grants and ballots, and the grant form. */
    public static String builderStakes(String tenant) {
        return tenant(tenant) + "/builder/stakes";
    }

    public static String builderStakeGrants(String tenant) {
        return builderStakes(tenant) + "/grants";
    }

    // --- a member's statements

    public static String memberStatement(String tenant, long id) {
        return tenant(tenant) + "/statements/" + id;
    }

    public static String memberStatementLine(String tenant, long id, long line) {
        return memberStatement(tenant, id) + "/lines/" + line;
    }

    /** How a statement is computed, explained with that statement's own figures. */
    public static String memberStatementHow(String tenant, long id) {
        return memberStatement(tenant, id) + "/how";
    }

    // --- help pages: what the money pages compute, in plain words

    /** For builders: operating profit and the data-value share. */
    public static String helpBuilders() {
        return "/help/operating-profit";
    }

    /** For administrators: the four-eyes steps of a period and of every money-moving proposal. */
    public static String helpFourEyes() {
        return "/help/four-eyes";
    }

    /** For members: how a statement is computed, in general (a statement's own page explains it with its figures). */
    public static String helpStatements() {
        return "/help/statements";
    }

    // --- disputes of statement lines: a member's, and the administrators' queue

    /** A member's disputes in a CMO; the dispute form posts here. */
    public static String memberDisputes(String tenant) {
        return tenant(tenant) + "/disputes";
    }

    /** The form to dispute one line of a statement (a fragment of it fills the line's cell on the statement page). */
    public static String disputeForm(String tenant, long line) {
        return memberDisputes(tenant) + "/new?line=" + line;
    }

    public static String adminDisputes(String tenant) {
        return adminHome(tenant) + "/disputes";
    }

    /** The queue showing {@code open}, {@code proposed} or {@code closed} disputes. */
    public static String adminDisputesShowing(String tenant, String show) {
        return adminDisputes(tenant) + "?show=" + URLEncoder.encode(show, StandardCharsets.UTF_8);
    }

    public static String adminDispute(String tenant, long id) {
        return adminDisputes(tenant) + "/" + id;
    }

    public static String adminDisputeResolution(String tenant, long id) {
        return adminDispute(tenant, id) + "/resolve";
    }

    public static String adminDisputeApproval(String tenant, long id) {
        return adminDispute(tenant, id) + "/approve";
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

    /** A builder's filings with one CMO, a page at a time. */
    public static String builderFilings(String tenant) {
        return tenant(tenant) + "/builder/filings";
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

    /** Where an evaluator replaces the scaling-law valuation its standing attestation of the filing carries. */
    public static String attestationValuation(String tenant, long filing) {
        return evaluatorFiling(tenant, filing) + "/valuation";
    }

    // --- the scaling-law calculator (evaluators, administrators, builders)

    public static String scalingLaw() {
        return "/valuation/scaling-law";
    }

    /** The calculator opened from a filing's page: an evaluator can take its result back to the attestation. */
    public static String scalingLawFor(String tenant, long filing) {
        return scalingLaw() + "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "&filing=" + filing;
    }

    // --- members' AI preferences and the CMO's published opt-outs

    /** A member's AI preferences (train-ai, search) per category, for one ref they hold. */
    public static String memberPreferences(String tenant, String ref) {
        return tenant(tenant) + "/members/" + segment(ref) + "/preferences";
    }

    /** The CMO's current opt-outs, for its licensed builders and its administrators. */
    public static String optOuts(String tenant) {
        return tenant(tenant) + "/opt-outs";
    }

    /** The opt-outs of one category (every category for none), which the page's search and pages extend. */
    public static String optOutsIn(String tenant, String category) {
        return category == null || category.isBlank() ? optOuts(tenant)
                : optOuts(tenant) + "?category=" + URLEncoder.encode(category, StandardCharsets.UTF_8);
    }

    /** The opt-outs as aipref text, one line per (category, member ref). */
    public static String optOutsText(String tenant) {
        return optOuts(tenant) + "/aipref.txt";
    }

    /** The usage refs of a filing that name members who had opted out of train-ai before the period opened. */
    public static String filingOptOuts(String tenant, String period, long filing) {
        return periodBoard(tenant, period) + "/filings/" + filing + "/opt-outs";
    }

    // --- restatements of distributed filings: the builder's form and page, the administrators' list and review

    /** The builder's form restating a filing of a distributed period. */
    public static String restateFiling(String tenant, String period, long filing) {
        return filing(tenant, period, filing) + "/restate";
    }

    /** A restatement as its builder sees it. */
    public static String builderRestatement(String tenant, long id) {
        return tenant(tenant) + "/restatements/" + id;
    }

    public static String restatements(String tenant) {
        return adminHome(tenant) + "/restatements";
    }

    public static String restatement(String tenant, long id) {
        return restatements(tenant) + "/" + id;
    }

    public static String restatementApproval(String tenant, long id) {
        return restatement(tenant, id) + "/approve";
    }

    public static String restatementRejection(String tenant, long id) {
        return restatement(tenant, id) + "/reject";
    }

    /**
     * A page's address with the notice it shows once, after the redirect that follows a form; the address may already
     * carry parameters (a list's search and page).
     */
    public static URI withNotice(String address, String notice) {
        return URI.create(address + (address.indexOf('?') < 0 ? "?" : "&") + "notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8));
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
