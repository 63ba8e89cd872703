package org.cmoportal.restatement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Restatements end to end through the API: a distributed filing restated by its builder, its differences by the
 * engine, two approvals by two administrators, the entries in the open period, the adjustments on the landing
 * period's statement, and conservation after it.
 */
@QuarkusTest
class RestatementApiTest {

    private static final String FILING = """
            {"model": "%s", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00",
             "postTrainingCost": "100000.00", "dataValueShare": "0.30",
             "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}}""";

    /** A CMO of its own with a distributed period P1 (alice 3, bob 1, zed 3 units of news: economics.md's example). */
    record Cmo(String slug, String p1, String p2, long filing) {
    }

    static Cmo distributed() {
        String slug = Unique.name("zz-rs");
        DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Restating Guild " + slug,
                "currency", "USD", "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin))
                    .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        }
        for (String ref : List.of("alice", "bob")) {
            api("nadia", slug).body(Map.of("ref", ref, "name", "Member " + ref)).post("/members").then().statusCode(201);
        }
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", slug, "acme-ai");
        Organisations.ensure("rival-ai", "Rival AI", "rita");
        Organisations.license("nadia", slug, "rival-ai");
        String p1 = "2026-Q1";
        String p2 = "2026-Q2";
        api("nadia", slug).body(Map.of("label", p1)).post("/periods").then().statusCode(201);
        long filing = file(slug, p1, "acme-llm", "category,member_ref,units\nnews,alice,3\nnews,bob,1\nnews,zed,3\n");
        distribute(slug, p1, filing);
        api("nadia", slug).body(Map.of("label", p2)).post("/periods").then().statusCode(201);
        return new Cmo(slug, p1, p2, filing);
    }

    private static long file(String slug, String period, String model, String usage) {
        Response r = Filings.post("bruno", slug, period, FILING.formatted(model), usage.getBytes(StandardCharsets.UTF_8), null, null);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getLong("id");
    }

    private static void distribute(String slug, String period, long... filings) {
        api("nadia", slug).post("/periods/" + period + "/close").then().statusCode(200);
        for (long f : filings) {
            api("nadia", slug).body(Map.of("justification", "checked")).post("/periods/" + period + "/filings/" + f + "/accept")
                    .then().statusCode(200);
        }
        api("nadia", slug).post("/periods/" + period + "/calculate").then().statusCode(200);
        api("noah", slug).post("/periods/" + period + "/approve").then().statusCode(200);
        api("nadia", slug).post("/periods/" + period + "/distribute").then().statusCode(200);
    }

    private static RequestSpecification api(String user, String slug) {
        return DevTokens.as(user).basePath("/api/v1/tenants/" + slug).contentType(ContentType.JSON);
    }

    static Response restate(String user, String slug, String period, long filing, String model, String usage, String reason) {
        RequestSpecification r = DevTokens.as(user).redirects().follow(false)
                .multiPart("filing", "filing.json", FILING.formatted(model).getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", "usage.csv", usage.getBytes(StandardCharsets.UTF_8), "text/csv");
        if (reason != null) {
            r = r.multiPart("reason", reason);
        }
        return r.post("/api/v1/tenants/{t}/periods/{p}/filings/{id}/restatements", slug, period, filing);
    }

    @Test
    void theAdministratorsListComesAPageAtATimeAndIsSearchedByBuilderModelPeriodStateOrReason() {
        Cmo cmo = distributed();
        Response r = restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm",
                "category,member_ref,units\nnews,alice,3\nnews,bob,2\nnews,zed,3\n", "Bob's usage was under-reported");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        long real = r.jsonPath().getLong("id");
        // 51 more with the same differences, rejected: enough rows for a second page
        OwnerSql.execute("""
                INSERT INTO restatement (tenant_id, period_id, filing_id, state, reason, builder_id, model, currency, revenue,
                       serving_cost, post_training_cost, data_value_share, share_flagged, usage_sha256, usage_lines, proposed_by, rejection)
                SELECT tenant_id, period_id, filing_id, 'REJECTED', 'Batch ' || lpad(g::text, 3, '0'), builder_id, model, currency,
                       revenue, serving_cost, post_training_cost, data_value_share, share_flagged, usage_sha256, usage_lines, proposed_by,
                       'not needed'
                  FROM restatement, generate_series(1, 51) g WHERE id = ? ORDER BY g""", real);
        OwnerSql.execute("""
                INSERT INTO restatement_line (restatement_id, tenant_id, kind, category_key, member_ref, before, after)
                SELECT n.id, l.tenant_id, l.kind, l.category_key, l.member_ref, l.before, l.after
                  FROM restatement n JOIN restatement_line l ON l.tenant_id = n.tenant_id AND l.restatement_id = ?
                 WHERE n.tenant_id = ? AND n.id <> ?""", real, cmo.slug(), real);
        long newest = OwnerSql.number("SELECT max(id) FROM restatement WHERE tenant_id = ?", cmo.slug());
        String list = org.cmoportal.web.Routes.restatements(cmo.slug());

        org.jsoup.nodes.Document one = listed(list, null, null);
        assertThat(ids(one)).hasSize(50).startsWith(String.valueOf(newest));
        assertThat(one.selectFirst("#restatement-rows nav.pager").text()).contains("Page 1 of 2", "1–50 of 52 restatements");
        assertThat(one.select("#restatement-rows nav.pager a[rel=next]").attr("href")).isEqualTo(list + "?page=2");
        org.jsoup.nodes.Document two = listed(list, null, "2");
        assertThat(ids(two)).hasSize(2).endsWith(String.valueOf(real));
        assertThat(two.select("#restatement-rows nav.pager a[rel=next]")).as("no next page after the last").isEmpty();

        assertThat(ids(listed(list, "under-reported", null))).containsExactly(String.valueOf(real));
        assertThat(ids(listed(list, "proposed", null))).containsExactly(String.valueOf(real));
        assertThat(ids(listed(list, "#" + real, null))).containsExactly(String.valueOf(real));
        assertThat(ids(listed(list, "batch 05", null))).hasSize(2);
        assertThat(ids(listed(list, "acme", null))).hasSize(50);
        assertThat(ids(listed(list, "rival", null))).isEmpty();
        assertThat(listed(list, "%", null).select("#restatement-rows .empty").text()).isEqualTo("No restatement matches “%”.");
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "restatement-rows")
                .queryParam("q", "under-reported").get(list).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("id=\"restatement-rows\"");

        // another CMO's restatements are not listed here, nor this CMO's there
        Cmo other = distributed();
        Response theirs = restate("bruno", other.slug(), other.p1(), other.filing(), "acme-llm",
                "category,member_ref,units\nnews,alice,3\nnews,bob,2\nnews,zed,3\n", "Elsewhere entirely");
        assertThat(theirs.statusCode()).as(theirs.asString()).isEqualTo(201);
        assertThat(ids(listed(list, "elsewhere", null))).isEmpty();
        assertThat(ids(listed(org.cmoportal.web.Routes.restatements(other.slug()), null, null)))
                .containsExactly(String.valueOf(theirs.jsonPath().getLong("id")));
    }

    private static org.jsoup.nodes.Document listed(String list, String query, String page) {
        RequestSpecification r = DevTokens.as("nadia");
        if (query != null) {
            r = r.queryParam("q", query);
        }
        if (page != null) {
            r = r.queryParam("page", page);
        }
        return org.jsoup.Jsoup.parse(r.get(list).then().statusCode(200).extract().asString());
    }

    private static List<String> ids(org.jsoup.nodes.Document page) {
        return page.select("#restatement-rows tbody tr td:first-child a").eachText();
    }

    @Test
    void restatedUsageMovesMoneyBetweenMembersAndSuspenseOnceTwoAdministratorsApprove() {
        Cmo cmo = distributed();
        // bob's units were 1, not 1 and zed is carol: the news net 5,062,500 cents over alice 3, bob 2, zed 3
        Response r = restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm",
                "category,member_ref,units\nnews,alice,3\nnews,bob,2\nnews,zed,3\n", "Bob's usage was under-reported");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        JsonPath j = r.jsonPath();
        long id = j.getLong("id");
        assertThat(j.getString("state")).isEqualTo("PROPOSED");
        assertThat(j.getString("tenantGross.before")).isEqualTo("56250.00");
        assertThat(j.getString("tenantGross.after")).isEqualTo("56250.00");
        assertThat(j.getString("fees.before")).isEqualTo("5625.00");
        assertThat(j.getString("fees.after")).isEqualTo("5625.00");
        // before: alice 21,696.43, bob 7,232.14, zed 21,696.43; after (8 units): 18,984.375 / 12,656.25 / 18,984.375
        assertThat(j.getList("members.ref")).containsExactly("alice", "bob");
        assertThat(j.getString("members[0].before")).isEqualTo("21696.43");
        assertThat(j.getString("members[0].after")).isEqualTo("18984.38"); // the tie at .5 goes to alice, before zed
        assertThat(j.getString("members[1].before")).isEqualTo("7232.14");
        assertThat(j.getString("members[1].after")).isEqualTo("12656.25");
        assertThat(j.getString("members[1].difference")).isEqualTo("5424.11");
        assertThat(j.getList("suspense.ref")).containsExactly("zed");
        assertThat(j.getString("suspense[0].category")).isEqualTo("news");
        assertThat(j.getString("suspense[0].before")).isEqualTo("21696.43");
        assertThat(j.getString("suspense[0].after")).isEqualTo("18984.37");
        // nothing of the distributed period changed: no filing, no run line
        assertThat(OwnerSql.number("SELECT count(*) FROM filing WHERE tenant_id = ?", cmo.slug())).isEqualTo(1);

        // the pages: the administrators' list and review, the builder's own page
        assertThat(Html.text(DevTokens.as("nadia").get("/t/" + cmo.slug() + "/admin/restatements").then().statusCode(200).extract().asString()))
                .contains("Bob's usage was under-reported", "PROPOSED");
        assertThat(Html.text(DevTokens.as("nadia").get("/t/" + cmo.slug() + "/admin/restatements/" + id).then().statusCode(200).extract().asString()))
                .contains("Approve (first of two)", "7,232.14", "12,656.25", "5,424.11", "zed");
        assertThat(Html.text(DevTokens.as("bruno").get("/t/" + cmo.slug() + "/restatements/" + id).then().statusCode(200).extract().asString()))
                .contains("Two administrators", "5,424.11");
        DevTokens.as("rita").get("/t/" + cmo.slug() + "/restatements/" + id).then().statusCode(404);
        DevTokens.as("bruno").get("/t/" + cmo.slug() + "/periods/" + cmo.p1() + "/filings/" + cmo.filing() + "/restate").then().statusCode(200);

        api("nadia", cmo.slug()).post("/restatements/" + id + "/approve").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("APPROVED_ONCE"));
        Response twice = api("nadia", cmo.slug()).post("/restatements/" + id + "/approve");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.asString()).contains("another administrator", "second").doesNotContain("Exception");
        assertThat(OwnerSql.number("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND kind = 'ADJUSTED'", cmo.slug())).isZero();
        api("noah", cmo.slug()).post("/restatements/" + id + "/approve").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("APPROVED"), "landingPeriod", org.hamcrest.Matchers.equalTo(cmo.p2()));
        assertThat(OwnerSql.number("SELECT sum(amount) FROM account_entry WHERE tenant_id = ? AND kind = 'ADJUSTED' AND member_ref = 'bob'",
                cmo.slug())).isEqualTo(542411);
        assertThat(OwnerSql.number("SELECT sum(amount) FROM tenant_entry WHERE tenant_id = ? AND account = 'SUSPENSE' AND member_ref = 'zed'",
                cmo.slug())).isEqualTo(1898437 - 2169643);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'restatement.%'", cmo.slug()))
                .isEqualTo(3);
        api("nadia", cmo.slug()).get("/conservation").then().statusCode(200).body("holds", org.hamcrest.Matchers.equalTo(true));
        assertThat(api("noah", cmo.slug()).post("/restatements/" + id + "/approve").statusCode()).isEqualTo(409);

        // the landing period distributed: alice's statement lists the correction beside its total, never in it
        long p2filing = file(cmo.slug(), cmo.p2(), "acme-llm", "category,member_ref,units\nnews,alice,1\n");
        distribute(cmo.slug(), cmo.p2(), p2filing);
        JsonPath s = api("nadia", cmo.slug()).get("/periods/" + cmo.p2() + "/statements/alice").then().statusCode(200).extract().jsonPath();
        assertThat(s.getString("total")).isEqualTo("50625.00");
        assertThat(s.getList("adjustments")).hasSize(1);
        assertThat(s.getString("adjustments[0].before")).isEqualTo("21696.43");
        assertThat(s.getString("adjustments[0].after")).isEqualTo("18984.38");
        assertThat(s.getString("adjustments[0].amount")).isEqualTo("-2712.05");
        assertThat(s.getString("adjustments[0].reason")).isEqualTo("Bob's usage was under-reported");
        assertThat(s.getString("adjustments[0].what")).contains("Filing " + cmo.filing(), "Acme AI", "acme-llm", cmo.p1());
        String csv = DevTokens.as("nadia").accept("text/csv").get("/api/v1/tenants/" + cmo.slug() + "/periods/" + cmo.p2() + "/statements/alice")
                .then().statusCode(200).extract().asString();
        assertThat(csv).contains("adjustment_id", "-2712.05", "Bob's usage was under-reported");
        long statement = OwnerSql.number("SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id WHERE s.tenant_id = ?"
                + " AND p.label = '" + cmo.p2() + "' AND s.member_ref = 'alice'", cmo.slug());
        String page = Html.text(DevTokens.as("nadia").get("/t/" + cmo.slug() + "/admin/statements/" + statement).then().statusCode(200)
                .extract().asString());
        assertThat(page).contains("Adjustments landing in " + cmo.p2(), "21,696.43", "18,984.38", "2,712.05", "Bob's usage was under-reported");
    }

    @Test
    void refusalsSayWhy() {
        Cmo cmo = distributed();
        String usage = "category,member_ref,units\nnews,alice,1\n";
        // no reason
        Response none = restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm", usage, null);
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.asString()).contains("reason");
        // another model
        assertThat(restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "other-model", usage, "x").statusCode()).isEqualTo(422);
        // another builder's filing: it does not exist for them
        assertThat(restate("rita", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm", usage, "x").statusCode()).isEqualTo(404);
        // another tenant: the same id means nothing there
        assertThat(restate("bruno", "newsguild", cmo.p1(), cmo.filing(), "acme-llm", usage, "x").statusCode()).isEqualTo(404);
        // a filing of an open period is refiled, not restated
        long open = file(cmo.slug(), cmo.p2(), "acme-open", usage);
        Response openPeriod = restate("bruno", cmo.slug(), cmo.p2(), open, "acme-open", usage, "x");
        assertThat(openPeriod.statusCode()).isEqualTo(409);
        assertThat(openPeriod.asString()).contains("OPEN", "file the model again");
        assertThat(OwnerSql.number("SELECT count(*) FROM restatement WHERE tenant_id = ?", cmo.slug())).isZero();

        // no open period to land in; a rejection needs a reason and ends it
        long id = restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm", usage, "Wrong usage file").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        assertThat(api("rita", cmo.slug()).get("/restatements/" + id).statusCode()).isEqualTo(404);
        assertThat(api("bruno", cmo.slug()).get("/restatements/" + id).statusCode()).isEqualTo(200);
        api("nadia", cmo.slug()).post("/periods/" + cmo.p2() + "/close").then().statusCode(200);
        api("nadia", cmo.slug()).post("/restatements/" + id + "/approve").then().statusCode(200);
        Response noPeriod = api("noah", cmo.slug()).post("/restatements/" + id + "/approve");
        assertThat(noPeriod.statusCode()).isEqualTo(409);
        assertThat(noPeriod.asString()).contains("Open a period");
        assertThat(api("noah", cmo.slug()).body(Map.of()).post("/restatements/" + id + "/reject").statusCode()).isEqualTo(422);
        api("noah", cmo.slug()).body(Map.of("reason", "Send the usage with the model's other categories"))
                .post("/restatements/" + id + "/reject").then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("REJECTED"));
        assertThat(api("nadia", cmo.slug()).post("/restatements/" + id + "/approve").statusCode()).isEqualTo(409);
        assertThat(OwnerSql.number("SELECT count(*) FROM tenant_entry WHERE tenant_id = ?", cmo.slug())).isZero();
    }

    /**
     * Random restatements of random filings, one after another on the same CMO, a ref claimed by a member on the way:
     * after every approval the conservation identity holds to the minor unit, and the builder's dues follow the gross.
     */
    @Test
    void conservationHoldsAfterEveryApprovedRestatement() {
        Cmo cmo = distributed();
        java.util.Random random = new java.util.Random(20261201L);
        List<String> refs = List.of("alice", "bob", "zed", "yan");
        for (int round = 0; round < 4; round++) {
            if (round == 2) {
                // zed is claimed by alice: its differences are hers from now on, not suspense
                OwnerSql.execute("INSERT INTO member_alias (tenant_id, alias_ref, member_ref, claim_id) VALUES (?, 'zed', 'alice', 1)", cmo.slug());
            }
            StringBuilder usage = new StringBuilder("category,member_ref,units\n");
            for (String ref : refs) {
                if (random.nextInt(3) > 0) {
                    usage.append("news,").append(ref).append(',').append(1 + random.nextInt(1000)).append('\n');
                }
            }
            String json = """
                    {"model": "acme-llm", "currency": "USD", "revenue": "%d.%02d", "servingCost": "%d.00",
                     "postTrainingCost": "0.00", "dataValueShare": "0.%d",
                     "mixtureWeights": {"news": "0.%d", "other": "0.%d"}}""".formatted(500_000 + random.nextInt(900_000),
                    random.nextInt(100), random.nextInt(400_000), 20 + random.nextInt(30), 10 + random.nextInt(80), 0);
            int news = Integer.parseInt(json.replaceAll("(?s).*\"news\": \"0\\.(\\d+)\".*", "$1"));
            json = json.replace("\"other\": \"0.0\"", "\"other\": \"0." + (100 - news) + "\"");
            Response r = DevTokens.as("bruno")
                    .multiPart("filing", "filing.json", json.getBytes(StandardCharsets.UTF_8), "application/json")
                    .multiPart("usage", "usage.csv", usage.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                    .multiPart("reason", "round " + round)
                    .post("/api/v1/tenants/{t}/periods/{p}/filings/{id}/restatements", cmo.slug(), cmo.p1(), cmo.filing());
            assertThat(r.statusCode()).as(json + "\n" + usage + "\n" + r.asString()).isEqualTo(201);
            long id = r.jsonPath().getLong("id");
            if (round >= 2) {
                assertThat(r.jsonPath().getList("suspense.ref")).doesNotContain("zed");
            }
            api("nadia", cmo.slug()).post("/restatements/" + id + "/approve").then().statusCode(200);
            api("noah", cmo.slug()).post("/restatements/" + id + "/approve").then().statusCode(200);
            JsonPath c = api("nadia", cmo.slug()).get("/conservation").then().statusCode(200).extract().jsonPath();
            assertThat(c.getBoolean("holds")).as("round " + round + ": " + c.prettify()).isTrue();
            long grossChange = OwnerSql.number("SELECT coalesce(sum(amount), 0) FROM tenant_entry WHERE tenant_id = ? AND account = 'GROSS'",
                    cmo.slug());
            long originalGross = OwnerSql.number("SELECT tenant_gross FROM filing WHERE tenant_id = ? AND id = " + cmo.filing(), cmo.slug());
            String dues = Html.text(DevTokens.as("nadia").get("/t/" + cmo.slug() + "/admin/dues").then().statusCode(200).extract().asString());
            assertThat(dues).contains(org.cmoportal.money.Amounts.formatGrouped(originalGross + grossChange,
                    org.cmoportal.money.CurrencyUnit.of("USD")));
        }
    }

    /**
     * A restatement's members, on the administrators' and the builder's pages: a page of 50 by ref, searched by ref
     * through the page's own fragment, the sums over every member whatever the page or the search; another CMO's
     * restatement and another builder's are not found.
     */
    @Test
    void theMembersOfARestatementComeAPageAtATimeWithTheirSumsOverAll() {
        Cmo cmo = distributed();
        Response r = restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm",
                "category,member_ref,units\nnews,alice,3\nnews,bob,2\nnews,zed,3\n", "Bob's usage was under-reported");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        long id = r.jsonPath().getLong("id");
        // 58 members more, m01 .. m58, each g cents before and 2g after: 60 members
        OwnerSql.execute("""
                INSERT INTO restatement_line (restatement_id, tenant_id, kind, member_ref, before, after)
                SELECT ?, ?, 'MEMBER', 'm' || lpad(g::text, 2, '0'), g, 2 * g FROM generate_series(1, 58) g ORDER BY g DESC""",
                id, cmo.slug());
        // before 21,696.43 + 7,232.14 + 17.11; after 18,984.38 + 12,656.25 + 34.22
        String sums = "all members together: 28,945.68 → 31,674.85 USD, a difference of 2,729.17";
        for (String[] who : new String[][] {{"nadia", "/t/" + cmo.slug() + "/admin/restatements/" + id},
                {"bruno", "/t/" + cmo.slug() + "/restatements/" + id}}) {
            String address = who[1];
            org.jsoup.nodes.Document first = page(who[0], address);
            assertThat(memberRefs(first)).hasSize(50).startsWith("alice", "bob", "m01").endsWith("m48");
            assertThat(first.selectFirst("#member-rows nav.pager").text()).contains("Page 1 of 2", "1–50 of 60 members");
            assertThat(first.select("#member-rows nav.pager a[rel=next]").attr("href")).isEqualTo(address + "?membersPage=2");
            assertThat(first.select("#member-rows").text()).contains("60 members · " + sums);
            org.jsoup.nodes.Document second = page(who[0], address + "?membersPage=2");
            assertThat(memberRefs(second)).containsExactly("m49", "m50", "m51", "m52", "m53", "m54", "m55", "m56", "m57", "m58");
            assertThat(second.select("#member-rows").text()).contains(sums);
            // the figures above the members and the suspense below stay whole
            assertThat(second.select("section[aria-labelledby=suspense-h] tbody tr td:eq(1)").eachText()).containsExactly("zed");
            assertThat(second.select("#owed").text()).isEqualTo("0.00");

            org.jsoup.nodes.Document m5 = page(who[0], address + "?q=M5");
            assertThat(memberRefs(m5)).containsExactly("m50", "m51", "m52", "m53", "m54", "m55", "m56", "m57", "m58");
            assertThat(m5.select("#member-rows").text()).contains("9 members match · " + sums);
            assertThat(m5.select("#member-rows nav.pager")).isEmpty();
            assertThat(page(who[0], address + "?q=m&membersPage=2").select("#member-rows nav.pager a[rel=prev]").attr("href"))
                    .isEqualTo(address + "?q=m&membersPage=1");
            org.jsoup.nodes.Document none = page(who[0], address + "?q=zed");
            assertThat(memberRefs(none)).isEmpty();
            assertThat(none.select("#member-rows .empty").text()).isEqualTo("No member's ref matches “zed”.");
        }
        // the administrators' search asks the members' fragment as one types
        String admin = "/t/" + cmo.slug() + "/admin/restatements/" + id;
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "member-rows").queryParam("q", "bob")
                .get(admin).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("id=\"member-rows\"");
        assertThat(memberRefs(org.jsoup.Jsoup.parseBodyFragment(rows))).containsExactly("bob");
        // the four-eyes form stays on the administrators' page
        assertThat(page("nadia", "/t/" + cmo.slug() + "/admin/restatements/" + id + "?membersPage=2")
                .select("form[action$=/approve] button").text()).isEqualTo("Approve (first of two)");

        // another builder, or this restatement's number under another CMO: not found, whatever the list's parameters
        DevTokens.as("rita").get("/t/" + cmo.slug() + "/restatements/" + id + "?q=m&membersPage=2").then().statusCode(404);
        Cmo other = distributed();
        DevTokens.as("nadia").get("/t/" + other.slug() + "/admin/restatements/" + id + "?q=m&membersPage=2").then().statusCode(404);
        DevTokens.as("bruno").get("/t/" + other.slug() + "/restatements/" + id + "?membersPage=2").then().statusCode(404);
    }

    private static org.jsoup.nodes.Document page(String user, String address) {
        return org.jsoup.Jsoup.parse(DevTokens.as(user).get(address).then().statusCode(200).extract().asString());
    }

    private static List<String> memberRefs(org.jsoup.nodes.Document page) {
        return page.select("#member-rows tbody tr td:eq(0)").eachText();
    }

    /** The pages' forms: a builder files one through the form, the same administrator twice is told why, a rejection needs a reason. */
    @Test
    void throughThePages() {
        Cmo cmo = distributed();
        Response filed = DevTokens.page("bruno").redirects().follow(false)
                .multiPart("csrf-token", DevTokens.CSRF)
                .multiPart("filing", "filing.json", FILING.formatted("acme-llm").getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", "usage.csv", "category,member_ref,units\nnews,alice,1\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("reason", "Only alice's work was used")
                .post("/t/" + cmo.slug() + "/periods/" + cmo.p1() + "/filings/" + cmo.filing() + "/restate");
        assertThat(filed.statusCode()).as(filed.asString()).isEqualTo(303);
        String page = filed.header("Location");
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        String admin = "/t/" + cmo.slug() + "/admin/restatements/" + id;
        assertThat(DevTokens.page("nadia").redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .post(admin + "/approve").statusCode()).isEqualTo(303);
        Response again = DevTokens.page("nadia").redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .post(admin + "/approve");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Html.text(again.asString())).contains("another administrator must give the second");
        Response noReason = DevTokens.page("noah").redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("csrf-token", DevTokens.CSRF).formParam("reason", " ").post(admin + "/reject");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(Html.text(noReason.asString())).contains("reason", "Restatement " + id);
        assertThat(DevTokens.page("noah").redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("reason", "Send all categories").post(admin + "/reject").statusCode()).isEqualTo(303);
        assertThat(Html.text(DevTokens.as("bruno").get(page).then().statusCode(200).extract().asString()))
                .contains("REJECTED", "Send all categories");
    }
}
