package org.cmoportal.stake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.cmoportal.money.Fraction;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The member's side of stakes, a page at a time (web/Paging): the refs a member votes with on a ballot, and on its
 * stakes page how the stakes changed by period and the ballots on its models, each list with its own page, searched,
 * the search's htmx answered with the lists alone, and nothing of another CMO.
 */
@QuarkusTest
class StakeListsTest {

    @Test
    void aMemberHoldingManyRefsVotesWithThemAPageAtATimeAndFindsOneByRef() {
        StakeWorld world = StakeWorld.create();
        // alice holds 55 more refs h01 .. h55 here, each paid from the model in a second period
        holders(world);
        long id = world.api("nadia").body(Map.of("question", "Attribution on quotes?", "quorum", "0.2", "threshold", "0.5",
                "closesAt", Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()))
                .post("/models/" + world.model + "/ballots").then().statusCode(201).extract().jsonPath().getLong("id");
        String base = Routes.ballot(world.slug, id);

        Document first = page("alice", base);
        List<String> firstRefs = voters(first);
        assertThat(firstRefs).hasSize(Paging.SIZE).startsWith("a1", "h01").endsWith("h49");
        assertThat(pager(first, "refs").text()).contains("Page 1 of 2", "1–50 of 56 refs");
        assertThat(pager(first, "refs").select("a[rel=next]").attr("href")).isEqualTo(base + "?page=2");
        Document second = page("alice", base + "?page=2");
        assertThat(voters(second)).containsExactly("h50", "h51", "h52", "h53", "h54", "h55").doesNotContainAnyElementsOf(firstRefs);
        // a vote shows on the page its ref is on
        DevTokens.page("alice").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("ref", "h52").formParam("choice", "no").post(base + "/votes").then().statusCode(303);
        assertThat(page("alice", base + "?page=2").select("legend").eachText()).contains("Vote of ref h52: now no");

        Document searched = page("alice", base + "?q=H5");
        assertThat(voters(searched)).containsExactly("h50", "h51", "h52", "h53", "h54", "h55");
        assertThat(searched.select("nav.pager")).isEmpty();
        assertThat(searched.select("input[name=q]").attr("value")).isEqualTo("H5");
        String rows = DevTokens.as("alice").header("HX-Request", "true").header("HX-Target", "voter-rows").queryParam("q", "h07")
                .get(base).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(Jsoup.parseBodyFragment(rows).select("legend").eachText()).containsExactly("Vote of ref h07");

        // alice's ref in another CMO (newsguild's "alice") is not a voter here, and this ballot is not newsguild's
        assertThat(voters(page("alice", base + "?q=alice"))).isEmpty();
        assertThat(page("alice", base + "?q=alice").select("#voter-rows .empty").text()).contains("matches “alice”");
        DevTokens.as("alice").get(Routes.ballot("newsguild", id) + "?q=h&page=2").then().statusCode(404);
        // bob votes with his own ref only, whatever he searches
        assertThat(voters(page("bob", base + "?q=h"))).isEmpty();
        assertThat(voters(page("bob", base))).containsExactly("b1");
    }

    @Test
    void theStakesHistoryAndTheBallotsArePagedApartAndSearchedByModelOrQuestion() {
        StakeWorld world = StakeWorld.create();
        StakeWorld other = StakeWorld.create();
        holders(world);
        long a = world.paid(world.model, "a1");
        long b = world.paid(world.model, "b1");
        // 55 later periods S01 .. S55, in each of which a restatement of the model's filing adjusted a1 by one cent
        OwnerSql.execute("INSERT INTO period (tenant_id, label, opened_by) SELECT ?, 'S' || lpad(g::text, 2, '0'), 'nadia'"
                + " FROM generate_series(1, 55) g", world.slug);
        OwnerSql.execute("""
                INSERT INTO restatement (tenant_id, period_id, filing_id, state, reason, builder_id, model, currency, revenue,
                                         serving_cost, post_training_cost, data_value_share, share_flagged, usage_sha256,
                                         usage_lines, proposed_by, first_approved_by, first_approved_at, decided_by,
                                         decided_at, landing_period_id)
                SELECT f.tenant_id, f.period_id, f.id, 'APPROVED', 'restated by the test', f.builder_id, f.model, f.currency,
                       f.revenue, f.serving_cost, f.post_training_cost, f.data_value_share, false, repeat('0', 64), 0, 'bruno',
                       'nadia', now(), 'noah', now(), s.id
                  FROM filing f JOIN period q ON q.id = f.period_id AND q.label = '2026-Q1'
                  JOIN period s ON s.tenant_id = f.tenant_id AND s.label LIKE 'S%'
                 WHERE f.tenant_id = ? AND f.model = ?""", world.slug, world.model);
        OwnerSql.execute("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
                SELECT tenant_id, 'a1', 'ADJUSTED', 1, landing_period_id, 'restatement', id, 'restated by the test',
                       coalesce(landing_period_id, 0)
                  FROM restatement WHERE tenant_id = ? AND reason = 'restated by the test'""", world.slug);
        ballots(world, other);
        String base = Routes.memberStakes(world.slug, "a1");

        // the history: the rival model (2026-Q2, 2026-Q1), then the model's 57 periods, the latest first
        Document first = page("alice", base);
        List<List<String>> history = history(first);
        assertThat(history).hasSize(Paging.SIZE);
        assertThat(history.get(0)).containsExactly(world.rivalModel, "2026-Q2");
        assertThat(history.get(1)).containsExactly(world.rivalModel, "2026-Q1");
        assertThat(history.get(2)).containsExactly(world.model, "S55");
        assertThat(pager(first, "periods").text()).contains("1–50 of 59 periods");
        assertThat(pager(first, "periods").select("a[rel=next]").attr("href")).isEqualTo(base + "?ballotsPage=1&page=2");
        Document second = page("alice", base + "?ballotsPage=1&page=2");
        List<List<String>> rest = history(second);
        assertThat(rest).hasSize(9).doesNotContainAnyElementsOf(history);
        assertThat(rest.get(rest.size() - 1)).containsExactly(world.model, "2026-Q1");
        // a stake on the second page still counts only the periods up to its own
        assertThat(second.select("table.stake-history tbody tr").last().select("td").last().text())
                .isEqualTo(Fraction.of(a, a + b).percent());
        // the card's link shows the model's history alone
        assertThat(first.select("a:contains(How your stake in " + world.rivalModel + " changed by period)").attr("href"))
                .isEqualTo(base + "?q=" + world.rivalModel + "#history-h");

        // the ballots: the latest first, on their own page parameter
        List<String> ballots = ballots(first);
        assertThat(ballots).hasSize(Paging.SIZE).startsWith("May the rival train on news?", "Question 55").endsWith("Question 07")
                .doesNotContain("Question of another CMO");
        assertThat(pager(first, "ballots").select("a[rel=next]").attr("href")).isEqualTo(base + "?page=1&ballotsPage=2");
        assertThat(ballots(page("alice", base + "?page=2&ballotsPage=2")))
                .containsExactly("Question 06", "Question 05", "Question 04", "Question 03", "Question 02", "Question 01");
        assertThat(history(page("alice", base + "?page=2&ballotsPage=2"))).isEqualTo(rest);

        // one search narrows both: by model, and by question
        Document rival = page("alice", base + "?q=RIVAL");
        assertThat(history(rival)).extracting(r -> r.get(0)).containsOnly(world.rivalModel).hasSize(2);
        assertThat(ballots(rival)).containsExactly("May the rival train on news?");
        assertThat(rival.select("nav.pager")).isEmpty();
        Document question = Jsoup.parse(DevTokens.as("alice").queryParam("q", "question 07").get(base).then().statusCode(200)
                .extract().asString());
        assertThat(ballots(question)).containsExactly("Question 07");
        assertThat(question.select("#history-h + p.empty").text()).isEqualTo("None of your models matches “question 07”.");

        // the htmx search asks for the two lists alone
        String rows = DevTokens.as("alice").header("HX-Request", "true").header("HX-Target", "stake-lists").queryParam("q", "rival")
                .get(base).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html", "<svg");
        Document fragment = Jsoup.parseBodyFragment(rows);
        assertThat(history(fragment)).hasSize(2);
        assertThat(ballots(fragment)).containsExactly("May the rival train on news?");

        // another CMO's ballot on a model of the same name never appears, nor another member's stakes
        assertThat(ballots(page("alice", base + "?q=another"))).isEmpty();
        DevTokens.as("bob").get(base + "?q=rival&page=2").then().statusCode(404);
    }

    @Test
    void theBuildersBallotsAndAModelsBallotsOnTheRegisterArePaged() {
        StakeWorld world = StakeWorld.create();
        StakeWorld other = StakeWorld.create();
        holders(world);
        ballots(world, other);

        // the builder: the ballots on its own models only, the latest first, 50 a page, searched by model or question
        String mine = Routes.builderStakes(world.slug);
        Document first = page("bruno", mine);
        assertThat(ballots(first)).hasSize(Paging.SIZE).startsWith(world.model + ": Question 55").endsWith(world.model + ": Question 06");
        assertThat(pager(first, "ballots").select("a[rel=next]").attr("href")).isEqualTo(mine + "?page=2");
        assertThat(ballots(page("bruno", mine + "?page=2"))).containsExactly(world.model + ": Question 05",
                world.model + ": Question 04", world.model + ": Question 03", world.model + ": Question 02", world.model + ": Question 01");
        assertThat(ballots(Jsoup.parse(DevTokens.as("bruno").queryParam("q", "question 07").get(mine).then().statusCode(200)
                .extract().asString()))).containsExactly(world.model + ": Question 07");
        assertThat(ballots(page("bruno", mine + "?q=rival"))).isEmpty();
        assertThat(ballots(page("bruno", mine + "?q=another"))).isEmpty();
        String rows = DevTokens.as("bruno").header("HX-Request", "true").header("HX-Target", "ballot-rows")
                .queryParam("q", "question 1").get(mine).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(ballots(Jsoup.parseBodyFragment(rows))).hasSize(10).allMatch(q -> q.contains("Question 1"));

        // the administrator's stakes page: 55 grants, 50 a page on their own parameter, searched by document reference
        OwnerSql.execute("""
                INSERT INTO stake_grant (tenant_id, model, builder_id, share, reference, sha256, proposed_by)
                SELECT ?, ?, b.id, 0.001, 'grant-doc-' || lpad(g::text, 2, '0'), repeat('a', 64), 'bruno'
                  FROM builder_org b, generate_series(1, 55) g WHERE b.slug = 'acme-ai' ORDER BY g""", world.slug, world.model);
        String stakes = Routes.adminStakes(world.slug);
        Document grants = page("nadia", stakes);
        assertThat(grants.select("#grants-h ~ table tbody tr")).hasSize(Paging.SIZE);
        assertThat(grants.select("#grants-h ~ table tbody tr").first().text()).contains("grant-doc-55");
        // the grants' page links keep the models' and the ballots' places
        assertThat(pager(grants, "grants").select("a[rel=next]").attr("href")).isEqualTo(stakes + "?modelsPage=1&page=1&grantsPage=2");
        assertThat(pager(grants, "ballots").select("a[rel=next]").attr("href")).isEqualTo(stakes + "?modelsPage=1&grantsPage=1&page=2");
        assertThat(page("nadia", stakes + "?grantsPage=2").select("#grants-h ~ table tbody tr").eachText())
                .hasSize(5).allMatch(t -> t.matches("(?s).*grant-doc-0[1-5].*"));
        assertThat(page("nadia", stakes + "?q=grant-doc-07").select("#grants-h ~ table tbody tr").eachText())
                .singleElement().asString().contains("grant-doc-07");
        assertThat(page("nadia", Routes.adminStakes(other.slug) + "?q=grant-doc").select("#grants-h ~ table tbody tr")).isEmpty();

        // the administrator's register of the model: its ballots on their own page parameter
        String register = Routes.stakeRegister(world.slug, world.model);
        Document reg = page("nadia", register);
        assertThat(ballots(reg)).hasSize(Paging.SIZE).startsWith("Question 55");
        assertThat(pager(reg, "ballots").select("a[rel=next]").attr("href")).isEqualTo(register + "?ballotsPage=2");
        assertThat(ballots(page("nadia", register + "?ballotsPage=2"))).containsExactly("Question 05", "Question 04",
                "Question 03", "Question 02", "Question 01");
    }

    /**
     * Questions 01 .. 55 on the world's model, then one on its rival model ("May the rival train on news?"); and the
     * other CMO's ballot on a model of the same name ("Question of another CMO").
     */
    private static void ballots(StakeWorld world, StakeWorld other) {
        OwnerSql.execute("""
                INSERT INTO ballot (tenant_id, model, question, closes_at, quorum, threshold, opened_by)
                SELECT ?, ?, 'Question ' || lpad(g::text, 2, '0'), now() + interval '3 hours', 0.2, 0.5, 'nadia'
                  FROM generate_series(1, 55) g ORDER BY g""", world.slug, world.model);
        OwnerSql.execute("""
                INSERT INTO ballot (tenant_id, model, question, closes_at, quorum, threshold, opened_by)
                VALUES (?, ?, 'May the rival train on news?', now() + interval '3 hours', 0.2, 0.5, 'nadia')""",
                world.slug, world.rivalModel);
        OwnerSql.execute("""
                INSERT INTO ballot (tenant_id, model, question, closes_at, quorum, threshold, opened_by)
                VALUES (?, ?, 'Question of another CMO', now() + interval '3 hours', 0.2, 0.5, 'nadia')""",
                other.slug, world.model);
    }

    /** Members h01 .. h55, alice's too, paid from the model in 2026-Q2 (a1 from the rival model). */
    private static void holders(StakeWorld world) {
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, 'h' || lpad(g::text, 2, '0'), 'Holder ' || lpad(g::text, 2, '0')"
                + " FROM generate_series(1, 55) g", world.slug);
        OwnerSql.execute("""
                INSERT INTO affiliation (user_id, kind, tenant_id, member_ref)
                SELECT u.id, 'MEMBER', ?, 'h' || lpad(g::text, 2, '0') FROM app_user u, generate_series(1, 55) g
                 WHERE u.username = 'alice'""", world.slug);
        String usage = IntStream.rangeClosed(1, 55).mapToObj(i -> String.format("news,h%02d,%d%n", i, i)).collect(Collectors.joining());
        world.distribute("2026-Q2", Map.of(world.model, usage), Map.of(world.rivalModel, "news,a1,1\n"));
    }

    private static Document page(String user, String address) {
        return Jsoup.parse(DevTokens.as(user).get(address).then().statusCode(200).extract().asString());
    }

    private static List<String> voters(Document page) {
        return page.select("#voter-rows input[name=ref]").eachAttr("value");
    }

    /** The history's rows as (model, period). */
    private static List<List<String>> history(Document page) {
        List<List<String>> rows = new ArrayList<>();
        page.select("table.stake-history tbody tr").forEach(r -> rows.add(List.of(r.select("td").first().text(), r.select("th").text())));
        return rows;
    }

    private static List<String> ballots(Document page) {
        return page.select("ul.ballots li a").eachText();
    }

    private static Element pager(Document page, String what) {
        Element nav = page.selectFirst("nav[aria-label='Pages of " + what + "']");
        assertThat(nav).as("the pages of the %s", what).isNotNull();
        return nav;
    }
}
