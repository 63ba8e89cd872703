package org.cmoportal.security;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;

import io.restassured.response.Response;

/**
 * The parties and objects the isolation sweep aims at: two CMOs, two builder organisations licensed with
 * the same CMO (each with its administrator and a plain user), two members of the same CMO, members with
 * statements, each object tagged with the tenant and party it belongs to. Built through the API (the same
 * services people use), then read back by id as the schema owner.
 */
final class SweepWorld {

    static final String NEWS = "newsguild";
    static final String BOOKS = "codebooks";
    static final String ACME = "acme-ai";
    static final String RIVAL = "rival-ai";
    /** Model names of filings addressed to the evaluator Example Evals, whose users may open them. */
    static final String ATTESTED = "attested-news-";

    /**
     * An object a URL can name; {@code owner} is its builder slug or member ref, {@code text} what would leak.
     * Builder organisations and their users belong to no tenant ({@code tenant} null).
     */
    record Obj(Kind kind, String tenant, String owner, String value, String parent, String text, Set<String> seenBy) {

        Obj(Kind kind, String tenant, String owner, String value, String parent, String text) {
            this(kind, tenant, owner, value, parent, text, Set.of());
        }
    }

    /** Someone calling the portal: roles from the token, affiliations from the portal. */
    record Caller(String username, Set<String> roles, Set<String> tenants, Set<String> adminOf, Set<String> builders,
            Set<String> memberRefs) {

        boolean anonymous() {
            return username.equals("anonymous");
        }

        /** Whether this person may see the object through some route (their own, in their own scope). */
        boolean owns(Obj o) {
            return switch (o.kind()) {
                case TENANT -> tenants.contains(o.value());
                case PERIOD, EVALUATOR -> o.tenant() == null || tenants.contains(o.tenant());
                case FILING -> adminOf.contains(o.tenant()) || (builders.contains(o.owner()) && tenants.contains(o.tenant()))
                        || (roles.contains("auditor") && o.text().startsWith(ATTESTED))
                        // a member's statement (and disputes) name the builder and model of each of their lines
                        || o.seenBy().stream().anyMatch(memberRefs::contains);
                case STATEMENT, LINE, MEMBER, REF, DISPUTE -> adminOf.contains(o.tenant())
                        || memberRefs.contains(o.tenant() + ":" + o.owner());
                case PAYMENT_RUN, RELEASE -> adminOf.contains(o.tenant());
                case CLAIM -> adminOf.contains(o.tenant()) || memberRefs.contains(o.tenant() + ":" + o.owner());
                case RESTATEMENT -> adminOf.contains(o.tenant()) || (builders.contains(o.owner()) && tenants.contains(o.tenant()));
                // a model's stakes and grants: its CMO's administrators and its builder's users
                case MODEL, STAKE_GRANT -> adminOf.contains(o.tenant()) || (builders.contains(o.owner()) && tenants.contains(o.tenant()));
                // a ballot: also every member of its CMO (one without a stake in the model is told so: 403, not 404)
                case BALLOT -> adminOf.contains(o.tenant()) || (builders.contains(o.owner()) && tenants.contains(o.tenant()))
                        || memberRefs.stream().anyMatch(r -> r.startsWith(o.tenant() + ":"));
                case BUILDER, USER -> roles.contains("operator") || builders.contains(o.owner());
            };
        }
    }

    final String label;
    /** A second period, left CLOSED with its filings under review, so the review routes act if they would. */
    final String closedLabel;
    final String marker;
    final List<Obj> objects;
    final List<Caller> callers = List.of(
            new Caller("olivia", Set.of("operator"), Set.of(NEWS, BOOKS), Set.of(), Set.of(), Set.of()),
            new Caller("nadia", Set.of("cmo-admin"), Set.of(NEWS), Set.of(NEWS), Set.of(), Set.of()),
            new Caller("cora", Set.of("cmo-admin"), Set.of(BOOKS), Set.of(BOOKS), Set.of(), Set.of()),
            new Caller("bruno", Set.of("builder"), Set.of(NEWS, BOOKS), Set.of(), Set.of(ACME), Set.of()),
            new Caller("rita", Set.of("builder"), Set.of(NEWS), Set.of(), Set.of(RIVAL), Set.of()),
            new Caller("alice", Set.of("member"), Set.of(NEWS), Set.of(), Set.of(), Set.of(NEWS + ":alice")),
            new Caller("bob", Set.of("member"), Set.of(NEWS), Set.of(), Set.of(), Set.of(NEWS + ":bob")),
            new Caller("eva", Set.of("auditor"), Set.of(NEWS, BOOKS), Set.of(), Set.of(), Set.of()),
            new Caller("anonymous", Set.of(), Set.of(), Set.of(), Set.of(), Set.of()));

    private final DataSource owner;

    SweepWorld(DataSource owner) {
        this.owner = owner;
        this.label = Unique.name("sweep");
        this.closedLabel = label + "-c";
        this.marker = Long.toString(System.nanoTime(), 36);
        this.objects = new ArrayList<>();
    }

    private SweepWorld(SweepWorld whole, List<Obj> objects) {
        this.owner = whole.owner;
        this.label = whole.label;
        this.closedLabel = whole.closedLabel;
        this.marker = whole.marker;
        this.objects = objects;
    }

    /** The world as seen from one period: only that period and the filings filed in it. */
    SweepWorld inPeriod(String period) {
        return new SweepWorld(this, objects.stream()
                .filter(o -> !(o.kind() == Kind.PERIOD || o.kind() == Kind.FILING) || period.equals(o.kind() == Kind.PERIOD ? o.value() : o.parent()))
                .toList());
    }

    /** Creates what the routes in this build can act on, and reads back every object's id. */
    SweepWorld build() {
        // the operator creates the organisations, each administrator adds a plain user, a CMO licenses the second
        Organisations.ensure(ACME, "Acme AI", "bruno");
        Organisations.ensure(RIVAL, "Rival AI", "rita");
        for (String[] admin : new String[][] {{ACME, "bruno"}, {RIVAL, "rita"}}) {
            api(admin[1]).contentType("application/json").body("{\"username\":\"" + plainUser(admin[0]) + "\"}")
                    .post("/api/v1/builders/" + admin[0] + "/users").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        }
        Organisations.license("nadia", NEWS, RIVAL);
        api("nadia").contentType("application/json").body("{\"evaluator\":\"example-evals\"}")
                .post("/api/v1/tenants/" + NEWS + "/trusted-evaluators").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 409));
        for (String period : List.of(label, closedLabel)) {
            for (String[] t : new String[][] {{NEWS, "nadia"}, {BOOKS, "cora"}}) {
                api(t[1]).contentType("application/json").body("{\"label\":\"" + period + "\"}")
                        .post("/api/v1/tenants/" + t[0] + "/periods").then().statusCode(201);
            }
            // an unmatched ref in each CMO, held in suspense, for the claims a member makes below
            file("bruno", NEWS, period, "acme-news-" + marker, "news,alice,3\nnews,bob,1\nnews," + unknownRef() + ",2\n");
            file("rita", NEWS, period, "rival-news-" + marker, "news,alice,1\nnews,bob,5\n");
            file("bruno", BOOKS, period, "acme-books-" + marker, "code,dave,2\nbooks,erin,1\ncode,carol,1\ncode," + unknownRef() + ",1\n");
            file("bruno", NEWS, period, ATTESTED + marker, "news,alice,2\n");
        }
        distribute(NEWS, "nadia", "noah");
        distribute(BOOKS, "cora", "colin");
        for (String[] t : new String[][] {{NEWS, "nadia"}, {BOOKS, "cora"}}) {
            ok(api(t[1]).post("/api/v1/tenants/" + t[0] + "/periods/" + closedLabel + "/close"), t[1] + " closes " + closedLabel);
            // a payment run over the distributed balances, so the payment routes have a run of each CMO to aim at
            Response run = api(t[1]).post("/api/v1/tenants/" + t[0] + "/payment-runs");
            if (run.statusCode() != 201) {
                throw new IllegalStateException(t[1] + " proposes a payment run: " + run.statusCode() + " " + run.asString());
            }
        }
        // a dispute of a line by alice and bob in the news CMO and by dave in the books one
        for (String[] m : new String[][] {{NEWS, "alice"}, {NEWS, "bob"}, {BOOKS, "dave"}}) {
            long line = ids("""
                    SELECT min(l.id) FROM statement_line l JOIN statement s ON s.id = l.statement_id
                    JOIN period p ON p.id = s.period_id WHERE s.tenant_id = ? AND s.member_ref = ? AND p.label = ?""",
                    m[0], m[1], label).get(0);
            Response opened = api(m[1]).contentType("application/json")
                    .body(java.util.Map.of("statementLineId", line, "message", disputeMessage(m[1])))
                    .post("/api/v1/tenants/" + m[0] + "/disputes");
            if (opened.statusCode() != 201) {
                throw new IllegalStateException(m[1] + " opens a dispute: " + opened.statusCode() + " " + opened.asString());
            }
        }
        // a member's claim of the unmatched ref in each CMO, and a release proposed as of a date far ahead
        for (String[] t : new String[][] {{NEWS, "nadia", "alice"}, {BOOKS, "cora", "dave"}}) {
            Response claim = api(t[2]).contentType("application/json").body("{\"ref\":\"" + unknownRef() + "\",\"memberRef\":\"" + t[2]
                    + "\",\"evidence\":\"" + claimEvidence(t[0]) + "\"}").post("/api/v1/tenants/" + t[0] + "/claims");
            Response release = api(t[1]).contentType("application/json").body("{\"asOf\":\"2999-01-01\"}")
                    .post("/api/v1/tenants/" + t[0] + "/suspense/releases");
            if (claim.statusCode() != 201 || release.statusCode() != 201) {
                throw new IllegalStateException(t[2] + " claims, " + t[1] + " proposes a release: " + claim.statusCode() + " "
                        + claim.asString() + " / " + release.statusCode() + " " + release.asString());
            }
        }
        // a restatement of each CMO's distributed filing, so the restatement routes have one of each CMO to aim at
        for (String[] t : new String[][] {{NEWS, "acme-news-", "news,alice,1\n"}, {BOOKS, "acme-books-", "code,dave,1\n"}}) {
            List<Long> filing = ids("SELECT f.id FROM filing f JOIN period p ON p.id = f.period_id WHERE f.tenant_id = ? AND p.label = ? AND f.model = ?",
                    t[0], label, t[1] + marker);
            Response r = api("bruno").multiPart("filing", "filing.json", filingJson(t[1] + marker, label).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            "application/json")
                    .multiPart("usage", "usage.csv", ("category,member_ref,units\n" + t[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                    .multiPart("reason", "restated by the sweep")
                    .post("/api/v1/tenants/" + t[0] + "/periods/" + label + "/filings/" + filing.get(0) + "/restatements");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("bruno restates in " + t[0] + ": " + r.statusCode() + " " + r.asString());
            }
        }
        // stakes: a grant of each builder for one of its models, a ballot on a model of each builder
        String closes = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        for (String[] g : new String[][] {{"bruno", NEWS, "acme-news-"}, {"rita", NEWS, "rival-news-"}, {"bruno", BOOKS, "acme-books-"}}) {
            Response grant = api(g[0]).contentType("application/json")
                    .body(java.util.Map.of("share", "0.05", "reference", "sweep-grant", "sha256", "cd".repeat(32)))
                    .post("/api/v1/tenants/" + g[1] + "/models/" + g[2] + marker + "/stake-grants");
            if (grant.statusCode() != 201) {
                throw new IllegalStateException(g[0] + " records a grant: " + grant.statusCode() + " " + grant.asString());
            }
        }
        for (String[] b : new String[][] {{"nadia", NEWS, "acme-news-"}, {"nadia", NEWS, "rival-news-"}, {"cora", BOOKS, "acme-books-"}}) {
            Response ballot = api(b[0]).contentType("application/json")
                    .body(java.util.Map.of("question", "Sweep?", "closesAt", closes, "quorum", "0.1", "threshold", "0.5"))
                    .post("/api/v1/tenants/" + b[1] + "/models/" + b[2] + marker + "/ballots");
            if (ballot.statusCode() != 201) {
                throw new IllegalStateException(b[0] + " opens a ballot: " + ballot.statusCode() + " " + ballot.asString());
            }
        }
        readBack();
        return this;
    }

    /** The person a route is meant for, acting in the news CMO. */
    Caller rightfulCaller(RouteCatalog.Route route) {
        RouteCatalog.Access a = route.access();
        String who = "nadia";
        if (!a.parties().isEmpty()) {
            who = switch (a.parties().get(0)) {
                case ADMIN -> "nadia";
                case LICENSED_BUILDER -> "bruno";
                case MEMBER -> "alice";
                case OPERATOR -> "olivia";
                case EVALUATOR -> "eva";
            };
        } else if (!a.roles().isEmpty()) {
            who = switch (a.roles().get(0)) {
                case "operator" -> "olivia";
                case "builder" -> "bruno";
                case "member" -> "alice";
                case "auditor" -> "eva";
                default -> "nadia";
            };
        }
        return caller(who);
    }

    Caller caller(String username) {
        return callers.stream().filter(c -> c.username().equals(username)).findFirst().orElseThrow();
    }

    /** The objects of a kind that {@code who} does not own, in the given tenant (or any, when null). */
    List<Obj> foreign(Caller who, Kind kind, String tenant) {
        return select(o -> o.kind() == kind && !who.owns(o) && (tenant == null || tenant.equals(o.tenant())));
    }

    /** The objects of a kind that {@code who} owns in the tenant. */
    List<Obj> own(Caller who, Kind kind, String tenant) {
        return select(o -> o.kind() == kind && who.owns(o) && (tenant == null || tenant.equals(o.tenant())));
    }

    List<Obj> select(Predicate<Obj> which) {
        return objects.stream().filter(which).toList();
    }

    /** Words from objects the caller must never be shown, except those it also owns (a name in both CMOs). */
    Set<String> forbiddenText(Caller who) {
        return forbiddenText(who, java.util.EnumSet.allOf(Kind.class));
    }

    /** The same, from objects of the given kinds only. */
    Set<String> forbiddenText(Caller who, Set<Kind> kinds) {
        Set<String> ownText = new LinkedHashSet<>();
        Set<String> forbidden = new LinkedHashSet<>();
        for (Obj o : objects) {
            if (o.text() != null && (kinds.contains(o.kind()) || who.owns(o))) {
                (who.owns(o) ? ownText : forbidden).add(o.text());
            }
        }
        forbidden.removeAll(ownText);
        return forbidden;
    }

    private static String filingJson(String model, String period) {
        return """
                {"model": "%s", "period": "%s", "currency": "USD", "revenue": "1250000.00",
                 "servingCost": "400000.00", "postTrainingCost": "100000.00", "dataValueShare": "0.30",
                 "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}}""".formatted(model, period);
    }

    private void file(String builder, String tenant, String period, String model, String usage) {
        String filing = """
                {"model": "%s", "period": "%s", "currency": "USD", "revenue": "1250000.00",
                 "servingCost": "400000.00", "postTrainingCost": "100000.00", "dataValueShare": "0.30",
                 "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}%s}"""
                .formatted(model, period, !model.startsWith(ATTESTED) ? "" : """
                        , "attestation": {"evaluator": "Example Evals", "reference": "report-sweep",
                         "sha256": "%s"}""".formatted("ab".repeat(32)));
        Response r = Filings.post(builder, tenant, period, filing,
                ("category,member_ref,units\n" + usage).getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null);
        if (r.statusCode() != 201) {
            throw new IllegalStateException(builder + " could not file with " + tenant + ": " + r.statusCode() + " " + r.asString());
        }
    }

    private void distribute(String tenant, String maker, String checker) {
        String period = "/api/v1/tenants/" + tenant + "/periods/" + label;
        ok(api(maker).post(period + "/close"), maker + " closes " + period);
        for (Long id : ids("SELECT id FROM filing WHERE tenant_id = ? AND period_id = (SELECT id FROM period WHERE tenant_id = ? AND label = ?)",
                tenant, tenant, label)) {
            ok(api(maker).contentType("application/json").body("{\"justification\":\"checked by the sweep\"}")
                    .post(period + "/filings/" + id + "/accept"), maker + " accepts filing " + id + " of " + period);
        }
        ok(api(maker).post(period + "/calculate"), maker + " calculates " + period);
        ok(api(checker).post(period + "/approve"), checker + " approves " + period);
        ok(api(maker).post(period + "/distribute"), maker + " distributes " + period);
    }

    /** The message of a member's dispute in this world, which no one else may be shown. */
    private String disputeMessage(String member) {
        return "Disputed by " + member + " " + marker;
    }

    /** A ref no member holds, in this run's usage only. */
    String unknownRef() {
        return "unknown-" + marker;
    }

    /** What a member's claim says, which nobody else may read. */
    String claimEvidence(String tenant) {
        return "claim evidence of " + tenant + " " + marker;
    }

    /**
     * The user each organisation's routes are aimed at: a plain user its administrator added, never the administrator,
     * since a test that calls every route with the operator's own values may remove them.
     */
    static String plainUser(String builder) {
        return "sweep-" + builder;
    }

    private void readBack() {
        objects.add(new Obj(Kind.EVALUATOR, null, null, "example-evals", null, null));
        for (String[] org : new String[][] {{ACME, "Acme AI"}, {RIVAL, "Rival AI"}}) {
            objects.add(new Obj(Kind.BUILDER, null, org[0], org[0], null, org[1]));
            objects.add(new Obj(Kind.USER, null, org[0], plainUser(org[0]), org[0], null));
        }
        for (String t : List.of(NEWS, BOOKS)) {
            objects.add(new Obj(Kind.TENANT, t, null, t, null, t.equals(NEWS) ? "Press & News Guild" : "Code & Books Collective"));
            objects.add(new Obj(Kind.PERIOD, t, null, label, null, null));
            objects.add(new Obj(Kind.PERIOD, t, null, closedLabel, null, null));
        }
        query("SELECT tenant_id, ref, id, name FROM member WHERE tenant_id IN (?, ?) AND ref IN ('alice', 'bob', 'dave', 'erin')",
                row -> {
                    objects.add(new Obj(Kind.MEMBER, row[0], row[1], row[2], null, row[3]));
                    objects.add(new Obj(Kind.REF, row[0], row[1], row[1], null, null));
                }, NEWS, BOOKS);
        query("SELECT r.tenant_id, b.slug, r.id FROM restatement r JOIN builder_org b ON b.id = r.builder_id WHERE r.tenant_id IN (?, ?)",
                row -> objects.add(new Obj(Kind.RESTATEMENT, row[0], row[1], row[2], null, null)), NEWS, BOOKS);
        query("SELECT tenant_id, max(id) FROM payment_run WHERE tenant_id IN (?, ?) GROUP BY tenant_id",
                row -> objects.add(new Obj(Kind.PAYMENT_RUN, row[0], null, row[1], null, null)), NEWS, BOOKS);
        query("SELECT tenant_id, member_ref, id, evidence FROM suspense_claim WHERE tenant_id IN (?, ?) AND ref = ?",
                row -> objects.add(new Obj(Kind.CLAIM, row[0], row[1], row[2], null, row[3])), NEWS, BOOKS, unknownRef());
        query("SELECT tenant_id, max(id) FROM suspense_release WHERE tenant_id IN (?, ?) GROUP BY tenant_id",
                row -> objects.add(new Obj(Kind.RELEASE, row[0], null, row[1], null, null)), NEWS, BOOKS);
        query("""
                SELECT DISTINCT f.tenant_id, b.slug, f.model FROM filing f JOIN builder_org b ON b.id = f.builder_id
                 WHERE f.model LIKE ?""", row -> objects.add(new Obj(Kind.MODEL, row[0], row[1], row[2], null, null)), "%" + marker);
        query("""
                SELECT g.tenant_id, b.slug, g.id FROM stake_grant g JOIN builder_org b ON b.id = g.builder_id WHERE g.model LIKE ?""",
                row -> objects.add(new Obj(Kind.STAKE_GRANT, row[0], row[1], row[2], null, null)), "%" + marker);
        query("""
                SELECT DISTINCT v.tenant_id, b.slug, v.id FROM ballot v JOIN filing f ON f.tenant_id = v.tenant_id AND f.model = v.model
                  JOIN builder_org b ON b.id = f.builder_id WHERE v.model LIKE ?""",
                row -> objects.add(new Obj(Kind.BALLOT, row[0], row[1], row[2], null, null)), "%" + marker);
        query("""
                SELECT f.tenant_id, b.slug, f.id, f.model, p.label,
                       (SELECT string_agg(DISTINCT s.tenant_id || ':' || s.member_ref, ',') FROM statement_line l
                          JOIN statement s ON s.id = l.statement_id WHERE l.filing_id = f.id)
                  FROM filing f JOIN builder_org b ON b.id = f.builder_id
                JOIN period p ON p.id = f.period_id WHERE p.label IN (?, ?)""",
                row -> objects.add(new Obj(Kind.FILING, row[0], row[1], row[2], row[4], row[3],
                        row[5] == null ? Set.of() : Set.of(row[5].split(",")))), label, closedLabel);
        query("SELECT tenant_id, member_ref, id, message FROM dispute WHERE message IN (?, ?, ?)",
                row -> objects.add(new Obj(Kind.DISPUTE, row[0], row[1], row[2], null, row[3])),
                disputeMessage("alice"), disputeMessage("bob"), disputeMessage("dave"));
        query("""
                SELECT s.tenant_id, s.member_ref, s.id, min(l.id) FROM statement s LEFT JOIN statement_line l ON l.statement_id = s.id
                WHERE s.period_id IN (SELECT id FROM period WHERE label = ?) GROUP BY s.tenant_id, s.member_ref, s.id""",
                row -> {
                    objects.add(new Obj(Kind.STATEMENT, row[0], row[1], row[2], null, null));
                    if (row[3] != null) {
                        objects.add(new Obj(Kind.LINE, row[0], row[1], row[3], row[2], null));
                    }
                }, label);
    }

    private static void ok(Response r, String what) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.asString());
        }
    }

    private List<Long> ids(String sql, String... args) {
        List<Long> ids = new ArrayList<>();
        query(sql, row -> ids.add(Long.parseLong(row[0])), args);
        return ids;
    }

    private void query(String sql, java.util.function.Consumer<String[]> each, String... args) {
        try (Connection c = owner.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    each.accept(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static io.restassured.specification.RequestSpecification api(String who) {
        return given().auth().oauth2(DevTokens.of(who));
    }
}
