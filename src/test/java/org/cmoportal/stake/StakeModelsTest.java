package org.cmoportal.stake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The models filed with a CMO, a page at a time (web/Paging): the administrator's list on its own page parameter and
 * narrowed by the page's search (by model or builder), the ballot form taking a model by its name and refusing one
 * not filed here, and a builder's page reading its own organisations' models only; nothing of another CMO.
 */
@QuarkusTest
class StakeModelsTest {

    @Test
    void theAdministratorsModelsArePagedAndSearchedByModelOrBuilderAndNoOtherCmosAppear() throws SQLException {
        StakeWorld world = StakeWorld.create();
        StakeWorld other = StakeWorld.create();
        models(world, other);
        String stakes = Routes.adminStakes(world.slug);

        // 58 models by name in code point order: bulk-llm-01 .. 55, then the rival's, the shared one and acme's
        Document first = page("nadia", stakes);
        List<List<String>> rows = models(first);
        assertThat(rows).hasSize(Paging.SIZE);
        assertThat(rows.get(0)).containsExactly("bulk-llm-01", "Acme AI");
        assertThat(rows.get(Paging.SIZE - 1)).containsExactly("bulk-llm-50", "Acme AI");
        assertThat(pager(first, "models").text()).contains("Page 1 of 2", "1–50 of 58 models");
        // the models' page links keep the grants' and the ballots' places
        assertThat(pager(first, "models").select("a[rel=next]").attr("href")).isEqualTo(stakes + "?grantsPage=1&page=1&modelsPage=2");
        Document second = page("nadia", stakes + "?modelsPage=2");
        assertThat(models(second)).containsExactly(List.of("bulk-llm-51", "Acme AI"), List.of("bulk-llm-52", "Acme AI"),
                List.of("bulk-llm-53", "Acme AI"), List.of("bulk-llm-54", "Acme AI"), List.of("bulk-llm-55", "Acme AI"),
                List.of(world.rivalModel, "Rival AI"), List.of(shared(world), "Acme AI, Rival AI"), List.of(world.model, "Acme AI"));
        assertThat(second.select("a:contains(Holders and concentration)").first().attr("href"))
                .isEqualTo(Routes.stakeRegister(world.slug, "bulk-llm-51"));

        // the search narrows the models by name (any case), keeping every builder of a model found by one of them
        Document bulk = page("nadia", stakes + "?q=BULK-LLM-0");
        assertThat(models(bulk)).extracting(r -> r.get(0)).containsExactly(IntStream.rangeClosed(1, 9)
                .mapToObj(i -> "bulk-llm-0" + i).toArray(String[]::new));
        assertThat(bulk.select("nav[aria-label='Pages of models']")).isEmpty();
        assertThat(models(Jsoup.parse(DevTokens.as("nadia").queryParam("q", "rival ai").get(stakes).then().statusCode(200)
                .extract().asString())))
                .containsExactly(List.of(world.rivalModel, "Rival AI"), List.of(shared(world), "Acme AI, Rival AI"));
        Document none = page("nadia", stakes + "?q=nothing-like-it");
        assertThat(models(none)).isEmpty();
        assertThat(none.select("#models-h ~ p.empty").text()).isEqualTo("No model matches “nothing-like-it”.");

        // another CMO's model never appears, on any page or search
        List<String> everyName = new ArrayList<>();
        models(first).forEach(r -> everyName.add(r.get(0)));
        models(second).forEach(r -> everyName.add(r.get(0)));
        assertThat(everyName).hasSize(58).doesNotContain("bulk-llm-other", other.model, other.rivalModel);
        Document searched = page("nadia", stakes + "?q=bulk");
        assertThat(pager(searched, "models").text()).contains("1–50 of 55 models");
        assertThat(models(page("nadia", stakes + "?q=bulk&modelsPage=2"))).extracting(r -> r.get(0))
                .containsExactly("bulk-llm-51", "bulk-llm-52", "bulk-llm-53", "bulk-llm-54", "bulk-llm-55");
        assertThat(models(page("nadia", stakes + "?q=other"))).isEmpty();
        assertThat(models(page("nadia", Routes.adminStakes(other.slug) + "?q=bulk"))).containsExactly(List.of("bulk-llm-other", "Acme AI"));
        // the datalist of the ballot form offers the page's models, never all of them
        assertThat(first.select("datalist#ballot-models option").eachAttr("value")).hasSize(Paging.SIZE).startsWith("bulk-llm-01");
        assertThat(first.select("input[name=model]").attr("list")).isEqualTo("ballot-models");
        assertThat(first.select("select[name=model]")).isEmpty();
    }

    @Test
    void theBallotFormTakesAModelByNameAndRefusesOneNotFiledHere() throws SQLException {
        StakeWorld world = StakeWorld.create();
        StakeWorld other = StakeWorld.create();
        models(world, other);
        String closesAt = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

        for (String unknown : List.of("no-such-llm", other.model, "bulk-llm-other", "  ")) {
            Response refused = open(world, unknown, "Attribution on quotes?", closesAt);
            assertThat(refused.statusCode()).as(unknown).isEqualTo(422);
            Document form = Jsoup.parse(refused.asString());
            assertThat(form.select(".notice.error").text()).as(unknown).contains("Nothing was saved", "model:");
            Element model = form.selectFirst("form[action$=/admin/stakes/ballots] input[name=model]");
            assertThat(model).isNotNull();
            assertThat(model.attr("aria-invalid")).isEqualTo("true");
            assertThat(model.val()).isEqualTo(unknown);
            assertThat(form.select("input[name=question]").val()).isEqualTo("Attribution on quotes?");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM ballot WHERE tenant_id = ?", world.slug)).isZero();
        assertThat(world.audits("ballot.open")).isZero();

        // a model on the list's second page, typed with spaces around it, is taken
        Response opened = open(world, "  bulk-llm-53 ", "Attribution on quotes?", closesAt);
        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(OwnerSql.number("SELECT count(*) FROM ballot WHERE tenant_id = ? AND model = 'bulk-llm-53'", world.slug)).isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM ballot WHERE tenant_id = ?", other.slug)).isZero();
    }

    @Test
    void aBuilderSeesItsOwnOrganisationsModelsOnly() throws SQLException {
        StakeWorld world = StakeWorld.create();
        StakeWorld other = StakeWorld.create();
        models(world, other);

        List<String> bruno = grantModels(page("bruno", Routes.builderStakes(world.slug)));
        assertThat(bruno).hasSize(57).startsWith("bulk-llm-01").endsWith("bulk-llm-55", shared(world), world.model)
                .doesNotContain(world.rivalModel, "bulk-llm-other", other.model);
        assertThat(grantModels(page("rita", Routes.builderStakes(world.slug)))).containsExactly(world.rivalModel, shared(world));
        assertThat(grantModels(page("bruno", Routes.builderStakes(other.slug)))).containsExactly("bulk-llm-other", other.model);
        // another organisation's model stays out of reach: 404, nothing stored
        DevTokens.page("rita").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("model", "bulk-llm-01").formParam("share", "0.1").formParam("reference", "not-rita's")
                .formParam("sha256", "12".repeat(32)).post(Routes.builderStakes(world.slug) + "/grants").then().statusCode(404);
        assertThat(OwnerSql.number("SELECT count(*) FROM stake_grant WHERE tenant_id = ?", world.slug)).isZero();
        // a member of the CMO is no builder here
        DevTokens.as("alice").get(Routes.builderStakes(world.slug)).then().statusCode(403);
    }

    /**
     * acme-ai files bulk-llm-01 .. 55 and, with rival-ai, a model they share; in the other CMO acme-ai files
     * bulk-llm-other. Raw rows: only the models' names and their builders matter here.
     */
    private static void models(StakeWorld world, StakeWorld other) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            long period = OwnerSql.number(c, "SELECT id FROM period WHERE tenant_id = ? AND label = '2026-Q1'", world.slug);
            long acme = OwnerSql.number(c, "SELECT id FROM builder_org WHERE slug = 'acme-ai'");
            long rival = OwnerSql.number(c, "SELECT id FROM builder_org WHERE slug = 'rival-ai'");
            for (int i = 1; i <= 55; i++) {
                filed(c, world.slug, period, acme, String.format("bulk-llm-%02d", i));
            }
            filed(c, world.slug, period, acme, shared(world));
            filed(c, world.slug, period, rival, shared(world));
            long otherPeriod = OwnerSql.number(c, "SELECT id FROM period WHERE tenant_id = ? AND label = '2026-Q1'", other.slug);
            filed(c, other.slug, otherPeriod, acme, "bulk-llm-other");
        }
    }

    private static void filed(Connection c, String tenant, long period, long builder, String model) throws SQLException {
        Filings.raw(tenant, period, builder, model).status("ACCEPTED").stored(100, 10, 10, "0.30", 80, 24, 24).insert(c);
    }

    private static String shared(StakeWorld world) {
        return "shared-llm-" + world.slug;
    }

    private static Response open(StakeWorld world, String model, String question, String closesAt) {
        return DevTokens.page("nadia").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("model", model).formParam("question", question).formParam("closesAt", closesAt)
                .formParam("quorum", "0.2").formParam("threshold", "0.5").post(Routes.adminStakes(world.slug) + "/ballots");
    }

    private static Document page(String user, String address) {
        return Jsoup.parse(DevTokens.as(user).get(address).then().statusCode(200).extract().asString());
    }

    /** The models list's rows as (model, builders). */
    private static List<List<String>> models(Document page) {
        List<List<String>> rows = new ArrayList<>();
        page.select("table.models tbody tr").forEach(r -> rows.add(List.of(r.select("td").get(0).text(), r.select("td").get(1).text())));
        return rows;
    }

    /** The models a builder may record a grant on. */
    private static List<String> grantModels(Document page) {
        return page.select("form[action$=/builder/stakes/grants] select[name=model] option").eachAttr("value");
    }

    private static Element pager(Document page, String what) {
        Element nav = page.selectFirst("nav[aria-label='Pages of " + what + "']");
        assertThat(nav).as("the pages of the %s", what).isNotNull();
        return nav;
    }
}
