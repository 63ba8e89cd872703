package org.cmoportal.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

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
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Members' AI preferences, the published opt-outs and the filing flag (economics.md, "Preferences"; api.md). */
@QuarkusTest
class PreferencesTest {

    @Test
    void aMemberSetsPreferencesPerCategoryAndEveryChangeIsKeptAndAudited() {
        PrefCmo cmo = PrefCmo.create(List.of());
        // nothing set: both allowed in every category, since never
        cmo.api("erin").get("/members/ada/preferences").then().statusCode(200)
                .body("ref", equalTo("ada"))
                .body("categories.news.train-ai", equalTo(true)).body("categories.news.search", equalTo(true))
                .body("categories.news.since", nullValue()).body("categories.code.train-ai", equalTo(true));

        cmo.prefer("erin", "ada", "news", false, true).then().statusCode(200)
                .body("categories.news.train-ai", equalTo(false)).body("categories.news.search", equalTo(true))
                .body("categories.news.since", notNullValue()).body("categories.code.since", nullValue());
        cmo.api("erin").get("/members/ada/preferences").then().statusCode(200)
                .body("categories.news.train-ai", equalTo(false));
        // the same again changes nothing: no new row, no audit entry, the standing since kept
        String since = cmo.api("erin").get("/members/ada/preferences").then().extract().path("categories.news.since");
        cmo.prefer("erin", "ada", "news", false, true).then().statusCode(200).body("categories.news.since", equalTo(since));
        // a value left out stays as it is
        cmo.api("erin").body(Map.of("categories", Map.of("news", Map.of("search", false)))).put("/members/ada/preferences")
                .then().statusCode(200).body("categories.news.train-ai", equalTo(false)).body("categories.news.search", equalTo(false));
        // an administrator sets them too
        cmo.prefer("nadia", "cleo", "code", true, false).then().statusCode(200).body("categories.code.search", equalTo(false));

        assertThat(OwnerSql.number("SELECT count(*) FROM member_preference WHERE tenant_id = ? AND member_ref = 'ada'", cmo.slug))
                .isEqualTo(2);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'preference.set'", cmo.slug))
                .isEqualTo(3);
        assertThat(OwnerSql.number("""
                SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'preference.set' AND object_id = 'ada'
                   AND actor = 'erin' AND before ->> 'news' = 'train-ai=y, search=y' AND after ->> 'news' = 'train-ai=n, search=y'""",
                cmo.slug)).isEqualTo(1);
        // the history is append-only: not even the schema owner rewrites it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OwnerSql.execute(
                "UPDATE member_preference SET train_ai = true WHERE tenant_id = ?", cmo.slug)).hasMessageContaining("append-only");
    }

    @Test
    void anUnknownCategoryOrValueIsRefusedNamingItAndNothingIsStored() {
        PrefCmo cmo = PrefCmo.create(List.of());
        Response r = cmo.api("erin").body(Map.of("categories", Map.of("news", Map.of("train-ai", false), "sports",
                Map.of("train-ai", false)))).put("/members/ada/preferences");
        r.then().statusCode(422).body("errors.where", hasItem("categories.sports"));
        assertThat(r.asString()).contains("'sports' is not a category of this CMO").contains("code, news");
        cmo.api("erin").body("{\"categories\": {\"news\": {\"train-ai\": \"no\", \"train_ai\": false}}}").put("/members/ada/preferences")
                .then().statusCode(422).body("errors.where", hasItem("categories.news.train-ai"))
                .body("errors.where", hasItem("categories.news.train_ai"));
        cmo.api("erin").body("{}").put("/members/ada/preferences").then().statusCode(422).body("errors.where", hasItem("categories"));
        cmo.api("erin").get("/members/ada/preferences").then().statusCode(200).body("categories.news.train-ai", equalTo(true));
        assertThat(OwnerSql.number("SELECT count(*) FROM member_preference WHERE tenant_id = ?", cmo.slug)).isZero();
    }

    @Test
    void anotherMembersRefAnotherTenantAndTheWrongRoleAreRefused() {
        PrefCmo cmo = PrefCmo.create(List.of());
        // erin holds ada, not cleo: 404 before the body is read, for PUT and GET alike
        cmo.prefer("erin", "cleo", "news", false, false).then().statusCode(404);
        cmo.api("erin").body("{}").put("/members/cleo/preferences").then().statusCode(404);
        cmo.api("erin").get("/members/cleo/preferences").then().statusCode(404);
        cmo.api("nadia").get("/members/nobody/preferences").then().statusCode(404);
        // an administrator of another CMO, a member of another CMO
        cmo.api("cora").get("/members/ada/preferences").then().statusCode(404);
        cmo.prefer("cora", "ada", "news", false, false).then().statusCode(404);
        cmo.api("alice").get("/members/ada/preferences").then().statusCode(404);
        // a builder has no preferences to set
        cmo.prefer("bruno", "ada", "news", false, false).then().statusCode(403);
        assertThat(OwnerSql.number("SELECT count(*) FROM member_preference WHERE tenant_id = ?", cmo.slug)).isZero();

        // the opt-outs: licensed builders and administrators only
        cmo.api("bruno").get("/preferences/opt-outs").then().statusCode(200);
        cmo.api("nadia").get("/preferences/opt-outs").then().statusCode(200);
        org.cmoportal.testsupport.Organisations.ensure("rival-ai", "Rival AI", "rita");
        cmo.api("rita").get("/preferences/opt-outs").then().statusCode(404);
        cmo.api("cora").get("/preferences/opt-outs").then().statusCode(404);
        cmo.api("erin").get("/preferences/opt-outs").then().statusCode(403);
        DevTokens.as("rita").get(Routes.optOuts(cmo.slug)).then().statusCode(404);
        DevTokens.as("erin").get(Routes.optOuts(cmo.slug)).then().statusCode(403);
    }

    @Test
    void theOptOutsArePublishedAsJsonTextAndAPageOfTheirOwnTenantOnly() {
        PrefCmo cmo = PrefCmo.create(List.of("dana", "eli"));
        PrefCmo other = PrefCmo.create(List.of());
        cmo.prefer("erin", "ada", "news", false, true).then().statusCode(200);
        cmo.prefer("nadia", "dana", "code", true, false).then().statusCode(200);
        cmo.prefer("nadia", "eli", "news", false, false).then().statusCode(200);
        cmo.prefer("nadia", "eli", "news", true, true).then().statusCode(200); // opted back in: not an opt-out
        cmo.prefer("carol", "cleo", "news", true, true).then().statusCode(200); // allowed: not listed
        other.prefer("erin", "ada", "code", false, false).then().statusCode(200); // another CMO's

        List<Map<String, Object>> json = cmo.api("bruno").get("/preferences/opt-outs").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath().getList("");
        assertThat(json).extracting(m -> m.get("category") + "/" + m.get("ref") + "/" + m.get("trainAi") + "/" + m.get("search"))
                .containsExactly("code/dana/true/false", "news/ada/false/true");
        assertThat(json).allSatisfy(m -> assertThat((String) m.get("since")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));

        String text = cmo.api("bruno").get("/preferences/opt-outs.txt").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain")).extract().asString();
        List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).containsExactly("code\tdana\ttrain-ai=y, search=n", "news\tada\ttrain-ai=n, search=y");
        assertThat(text.lines().filter(l -> l.startsWith("#"))).isNotEmpty();
        // the page's download is the same text
        String download = DevTokens.as("bruno").get(Routes.optOutsText(cmo.slug)).then().statusCode(200).extract().asString();
        assertThat(download.lines().filter(l -> !l.startsWith("#")).toList()).isEqualTo(lines);

        // the page: refs only (never a member's name), searchable, by category
        Document page = Jsoup.parse(DevTokens.as("bruno").get(Routes.optOuts(cmo.slug)).then().statusCode(200).extract().asString());
        assertThat(page.select("table.opt-outs tbody tr")).hasSize(2);
        assertThat(page.text()).contains("dana", "ada").doesNotContain("Ada Author", "eli");
        Document search = Jsoup.parse(DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "opt-out-rows")
                .get(Paging.searched(Routes.optOuts(cmo.slug), "DAN")).then().statusCode(200).extract().asString());
        assertThat(search.select("#opt-out-rows")).hasSize(1);
        assertThat(search.select("h1")).isEmpty();
        assertThat(search.select("tbody tr")).extracting(Element::text).singleElement().asString().contains("dana");
        Document news = Jsoup.parse(DevTokens.as("nadia").get(Routes.optOutsIn(cmo.slug, "news")).then().statusCode(200)
                .extract().asString());
        assertThat(news.select("table.opt-outs tbody tr")).extracting(Element::text).singleElement().asString().contains("ada");
        // the other CMO's list holds its own only
        assertThat(other.api("nadia").get("/preferences/opt-outs").then().statusCode(200).extract().jsonPath().getList("ref"))
                .containsExactly("ada");
    }

    @Test
    void theOptOutsPageIsPaginated() {
        List<String> refs = java.util.stream.IntStream.range(0, 120).mapToObj(i -> String.format("m%03d", i)).toList();
        PrefCmo cmo = PrefCmo.create(refs);
        // written as the schema owner: 120 members through the API would only slow the test
        for (String ref : refs) {
            OwnerSql.execute("INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, set_by)"
                    + " VALUES (?, ?, 'news', false, true, 'test')", cmo.slug, ref);
        }
        Document first = Jsoup.parse(DevTokens.as("bruno").get(Routes.optOuts(cmo.slug)).then().statusCode(200).extract().asString());
        assertThat(first.select("table.opt-outs tbody tr")).hasSize(Paging.SIZE);
        assertThat(first.text()).contains("Page 1 of 3", "120 opt-outs");
        Document third = Jsoup.parse(DevTokens.as("bruno").get(Routes.optOuts(cmo.slug) + "?q=&category=&page=3").then().statusCode(200)
                .extract().asString());
        assertThat(third.select("table.opt-outs tbody tr")).hasSize(20);
        assertThat(third.select("table.opt-outs tbody tr").last().text()).contains("m119");
        assertThat(first.select("nav.pager a[rel=next]").attr("href")).isEqualTo(Routes.optOuts(cmo.slug) + "?page=2");
        assertThat(third.select("nav.pager a[rel=next]")).isEmpty();
        assertThat(third.select("nav.pager a[rel=prev]").attr("href")).isEqualTo(Routes.optOuts(cmo.slug) + "?page=2");
    }

    @Test
    void theOptOutsAreSearchedByRefAPageAtATimeWithinTheirCmo() {
        List<String> refs = java.util.stream.IntStream.range(0, 60).mapToObj(i -> String.format("m%03d", i)).toList();
        PrefCmo cmo = PrefCmo.create(refs);
        PrefCmo other = PrefCmo.create(List.of("m001-elsewhere"));
        for (String ref : refs) {
            OwnerSql.execute("INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, set_by)"
                    + " VALUES (?, ?, 'news', false, true, 'test'), (?, ?, 'code', true, false, 'test')", cmo.slug, ref, cmo.slug, ref);
        }
        OwnerSql.execute("INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, set_by)"
                + " VALUES (?, 'm001-elsewhere', 'news', false, true, 'test')", other.slug);
        String base = Routes.optOuts(cmo.slug);

        // 120 opt-outs (two categories each); the search keeps to the refs that contain it, in both categories
        Document m00 = Jsoup.parse(DevTokens.as("bruno").queryParam("q", "M00").get(base).then().statusCode(200).extract().asString());
        assertThat(m00.select("table.opt-outs tbody tr td:eq(1)").eachText()).hasSize(20).allMatch(r -> r.startsWith("m00"))
                .doesNotContain("m001-elsewhere");
        assertThat(m00.select("nav.pager")).isEmpty();
        // a search of more than a page: the next page holds the next rows, the last no link further
        Document m0 = Jsoup.parse(DevTokens.as("bruno").get(Paging.searched(base, "m0")).then().statusCode(200).extract().asString());
        assertThat(m0.selectFirst("nav.pager").text()).contains("1–50 of 120 opt-outs");
        assertThat(m0.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?q=m0&page=2");
        Document m0last = Jsoup.parse(DevTokens.as("bruno").get(base + "?q=m0&page=3").then().statusCode(200).extract().asString());
        assertThat(m0last.select("table.opt-outs tbody tr td:eq(1)").eachText()).hasSize(20).endsWith("m059");
        assertThat(m0last.select("nav.pager a[rel=next]")).isEmpty();
        // with a category, which the pages' links keep beside the search
        Document news = Jsoup.parse(DevTokens.as("nadia").get(Routes.optOutsIn(cmo.slug, "news") + "&q=m0").then().statusCode(200)
                .extract().asString());
        assertThat(news.select("table.opt-outs tbody tr td:eq(0)").eachText()).hasSize(50).containsOnly("news");
        assertThat(news.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?category=news&q=m0&page=2");
        // the other CMO's opt-out is in its own list only
        Document elsewhere = Jsoup.parse(DevTokens.as("bruno").get(Paging.searched(Routes.optOuts(other.slug), "m00")).then()
                .statusCode(200).extract().asString());
        assertThat(elsewhere.select("table.opt-outs tbody tr td:eq(1)").eachText()).containsExactly("m001-elsewhere");
        DevTokens.as("cora").get(base + "?q=m0&page=2").then().statusCode(404);
    }

    @Test
    void theMemberPageHasAFormPerCategoryWithTwoLabelledQuestionsAndSaysSinceWhen() {
        PrefCmo cmo = PrefCmo.create(List.of());
        String address = Routes.memberPreferences(cmo.slug, "ada");
        Document page = Jsoup.parse(DevTokens.as("erin").get(address).then().statusCode(200).extract().asString());
        assertThat(page.select("form[action=" + address + "]")).hasSize(2);
        Element news = page.select("form:has(input[name=category][value=news])").first();
        assertThat(news.select("fieldset")).hasSize(2);
        assertThat(news.select("fieldset legend").eachText()).anySatisfy(t -> assertThat(t).contains("train-ai"))
                .anySatisfy(t -> assertThat(t).contains("search"));
        assertThat(news.select("input[type=radio][name=trainAi]")).hasSize(2);
        assertThat(news.select("label:has(input[name=trainAi][value=yes])")).hasSize(1);
        assertThat(news.select("input[type=hidden][name=csrf-token]")).hasSize(1);
        assertThat(news.select("input[name=trainAi][value=yes]").hasAttr("checked")).isTrue();
        assertThat(news.text()).contains("Never set");

        DevTokens.page("erin").contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("category", "news").formParam("trainAi", "no").formParam("search", "yes").post(address)
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith(address + "?notice=saved"));
        Document after = Jsoup.parse(DevTokens.as("erin").get(address + "?notice=saved").then().statusCode(200).extract().asString());
        Element saved = after.select("form:has(input[name=category][value=news])").first();
        assertThat(saved.select("input[name=trainAi][value=no]").hasAttr("checked")).isTrue();
        assertThat(saved.select("input[name=search][value=yes]").hasAttr("checked")).isTrue();
        assertThat(saved.text()).contains("Set on").contains("by you");
        assertThat(after.text()).contains("Your preferences are saved");

        // an unknown category is shown again with the problem, nothing stored
        String refused = DevTokens.page("erin").contentType(ContentType.URLENC).formParam("csrf-token", DevTokens.CSRF)
                .formParam("category", "sports").formParam("trainAi", "no").formParam("search", "no").post(address)
                .then().statusCode(422).extract().asString();
        assertThat(Jsoup.parse(refused).text()).contains("'sports' is not a category of this CMO");
        // another member's page, an administrator (who uses the API), a forged form without the CSRF token
        DevTokens.as("erin").get(Routes.memberPreferences(cmo.slug, "cleo")).then().statusCode(404);
        DevTokens.as("nadia").get(address).then().statusCode(403);
        io.restassured.RestAssured.given().redirects().follow(false).auth().oauth2(DevTokens.of("erin"))
                .contentType(ContentType.URLENC).formParam("category", "news").formParam("trainAi", "yes").formParam("search", "yes")
                .post(address).then().statusCode(org.hamcrest.Matchers.oneOf(303, 400, 403));
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'preference.set'", cmo.slug))
                .isEqualTo(1);
    }

    @Test
    void aFilingNamingMembersWhoHadOptedOutBeforeThePeriodOpenedIsFlaggedOnTheBoardAndTakenWhole() {
        PrefCmo cmo = PrefCmo.create(List.of("dana", "eli", "finn", "gus"));
        // before the period opens: ada (news) and dana (news) say no to training; eli says no then yes again; finn says
        // no to search only; gus says no to training in code only
        cmo.prefer("erin", "ada", "news", false, true).then().statusCode(200);
        cmo.prefer("nadia", "dana", "news", false, false).then().statusCode(200);
        cmo.prefer("nadia", "eli", "news", false, true).then().statusCode(200);
        cmo.prefer("nadia", "eli", "news", true, true).then().statusCode(200);
        cmo.prefer("nadia", "finn", "news", true, false).then().statusCode(200);
        cmo.prefer("nadia", "gus", "code", false, true).then().statusCode(200);
        // dana's alias (a confirmed claim's)
        OwnerSql.execute("INSERT INTO member_alias (tenant_id, alias_ref, member_ref, claim_id) VALUES (?, 'dana-old', 'dana', 1)", cmo.slug);
        cmo.open("2027-Q1");
        // after it opened: cleo says no (too late for this period), ada says yes again (the state at opening counts)
        cmo.prefer("carol", "cleo", "news", false, true).then().statusCode(200);
        cmo.prefer("erin", "ada", "news", true, true).then().statusCode(200);

        List<Filings.Line> usage = List.of(new Filings.Line("news", "ada", 5), new Filings.Line("news", "cleo", 3),
                new Filings.Line("news", "dana-old", 2), new Filings.Line("news", "eli", 1), new Filings.Line("news", "finn", 1),
                new Filings.Line("news", "gus", 4), new Filings.Line("code", "ada", 1), new Filings.Line("news", "zed", 1));
        long flagged = cmo.file("2027-Q1", "pref-model", usage);
        long clean = cmo.file("2027-Q1", "clean-model", List.of(new Filings.Line("news", "cleo", 1)));

        assertThat(OwnerSql.number("SELECT count(*) FROM filing_opt_out WHERE tenant_id = ? AND filing_id = ?", cmo.slug, clean)).isZero();
        assertThat(refs(cmo, flagged)).containsExactly("news/ada/ada", "news/dana-old/dana");
        // taken whole: every line is stored as filed
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE tenant_id = ? AND filing_id = ?", cmo.slug, flagged))
                .isEqualTo(usage.size());

        Document board = Jsoup.parse(DevTokens.as("nadia").get(Routes.periodBoard(cmo.slug, "2027-Q1")).then().statusCode(200)
                .extract().asString());
        Element flag = board.getElementById("opt-outs-" + flagged);
        assertThat(flag).isNotNull();
        assertThat(flag.text()).contains("2 opted out of train-ai", "ada", "dana-old").doesNotContain("cleo", "eli", "finn", "gus");
        assertThat(flag.select("a[href=" + Routes.filingOptOuts(cmo.slug, "2027-Q1", flagged) + "]")).hasSize(1);
        assertThat(board.getElementById("opt-outs-" + clean)).isNull();

        cmo.api("nadia").post("/periods/2027-Q1/close").then().statusCode(200);
        String closed = Jsoup.parse(DevTokens.as("nadia").get(Routes.periodBoard(cmo.slug, "2027-Q1")).then().statusCode(200)
                .extract().asString()).text();
        assertThat(closed).contains("1 of them name members who had opted out of AI training");

        Document all = Jsoup.parse(DevTokens.as("nadia").get(Routes.filingOptOuts(cmo.slug, "2027-Q1", flagged)).then()
                .statusCode(200).extract().asString());
        assertThat(all.select("tbody tr").eachText()).hasSize(2).anySatisfy(t -> assertThat(t).contains("dana-old", "alias of dana"));
        // the flag's page: another CMO's administrator, another period's label, a builder
        DevTokens.as("cora").get(Routes.filingOptOuts(cmo.slug, "2027-Q1", flagged)).then().statusCode(404);
        DevTokens.as("nadia").get(Routes.filingOptOuts(cmo.slug, "2099-Q9", flagged)).then().statusCode(404);
        DevTokens.as("bruno").get(Routes.filingOptOuts(cmo.slug, "2027-Q1", flagged)).then().statusCode(403);
    }

    @Test
    void theRefsOfAFlaggedFilingArePaginated() {
        List<String> refs = java.util.stream.IntStream.range(0, 130).mapToObj(i -> String.format("r%03d", i)).toList();
        PrefCmo cmo = PrefCmo.create(refs);
        for (String ref : refs) {
            OwnerSql.execute("INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, set_by)"
                    + " VALUES (?, ?, 'news', false, true, 'test')", cmo.slug, ref);
        }
        cmo.open("2027-Q2");
        long id = cmo.file("2027-Q2", "many-model", refs.stream().map(r -> new Filings.Line("news", r, 1)).toList());
        Document board = Jsoup.parse(DevTokens.as("nadia").get(Routes.periodBoard(cmo.slug, "2027-Q2")).then().statusCode(200)
                .extract().asString());
        assertThat(board.getElementById("opt-outs-" + id).text()).contains("130 opted out", "r000", "r004", "and 125 more")
                .doesNotContain("r005");
        Document page2 = Jsoup.parse(DevTokens.as("nadia").get(Routes.filingOptOuts(cmo.slug, "2027-Q2", id) + "?page=2").then()
                .statusCode(200).extract().asString());
        assertThat(page2.select("tbody tr")).hasSize(30);
        assertThat(page2.text()).contains("Page 2 of 2", "r100", "r129").doesNotContain("r099");
        assertThat(page2.select("nav.pager a[rel=next]")).isEmpty();

        // searched by usage ref or member ref, the search kept in the pages' links
        String address = Routes.filingOptOuts(cmo.slug, "2027-Q2", id);
        Document r12 = Jsoup.parse(DevTokens.as("nadia").queryParam("q", "R12").get(address).then().statusCode(200).extract().asString());
        assertThat(r12.select("tbody tr td:eq(1)").eachText()).containsExactly("r120", "r121", "r122", "r123", "r124", "r125",
                "r126", "r127", "r128", "r129");
        assertThat(r12.select("h2#flagged-h").text()).isEqualTo("130 usage refs");
        assertThat(r12.select("nav.pager")).isEmpty();
        Document all = Jsoup.parse(DevTokens.as("nadia").get(address + "?q=r").then().statusCode(200).extract().asString());
        assertThat(all.select("nav.pager a[rel=next]").attr("href")).isEqualTo(address + "?q=r&page=2");
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "flagged-rows").queryParam("q", "nobody")
                .get(address).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html").contains("No usage ref matches “nobody”.");
        DevTokens.as("cora").get(address + "?q=r").then().statusCode(404);
    }

    private static List<String> refs(PrefCmo cmo, long filing) {
        try (var c = OwnerSql.connect()) {
            return OwnerSql.strings(c, """
                    SELECT category_key || '/' || usage_ref || '/' || member_ref FROM filing_opt_out
                     WHERE tenant_id = ? AND filing_id = ? ORDER BY 1""", cmo.slug, filing);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
