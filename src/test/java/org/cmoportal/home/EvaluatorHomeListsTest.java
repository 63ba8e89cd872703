package org.cmoportal.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.verification.FilingDigests;
import org.cmoportal.verification.FilingFixture;
import org.cmoportal.verification.TrustSettings;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The evaluator's two lists across CMOs, each CMO counted and read a page at a time in the database: evan's evaluator
 * organisation, which this test makes, is trusted by two CMOs (first and second, in the order of their slugs, as the
 * lists run) with more filings addressed to it than a page; Example Evals is trusted there too, and its filings, like
 * those that name nobody, are never evan's.
 */
@QuarkusTest
class EvaluatorHomeListsTest {

    static final String EVALUATOR = "evan";
    static final String EVIDENCE = FilingDigests.sha256("evan's report");

    /** A filing addressed to evan's organisation: its CMO and id. */
    record Filed(String tenant, long id) {
    }

    static String first;
    static String second;
    static List<Filed> waiting;
    static List<Filed> attested;
    static List<Filed> needles;
    static Filed needleAttested;
    static List<Filed> others;

    @Inject
    FilingFixture fixture;

    @Inject
    TenantScope scope;

    @Inject
    TrustSettings trust;

    @BeforeEach
    void world() {
        synchronized (EvaluatorHomeListsTest.class) {
            if (first != null) {
                return;
            }
            String slug = Unique.name("pev");
            String name = "Paged Evals " + slug;
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("slug", slug, "name", name))
                    .post("/api/v1/evaluators").then().statusCode(201);
            DevTokens.as("olivia").contentType(ContentType.JSON).body(Map.of("username", EVALUATOR))
                    .post("/api/v1/evaluators/" + slug + "/users").then().statusCode(201);
            List<String> cmos = Stream.of(fixture.newTenant(true), fixture.newTenant(true)).sorted(Comparator.naturalOrder()).toList();
            for (String cmo : cmos) {
                scope.run(cmo, () -> trust.trust(slug));
            }
            String a = cmos.get(0);
            String b = cmos.get(1);
            List<Filed> waitingA = new ArrayList<>();
            List<Filed> attestedA = new ArrayList<>();
            List<Filed> waitingB = new ArrayList<>();
            List<Filed> attestedB = new ArrayList<>();
            List<Filed> needle = new ArrayList<>();
            List<Filed> other = new ArrayList<>();
            // a resubmission supersedes its first version, which no list shows any more
            String resubmitted = Unique.name("pm");
            other.add(new Filed(a, fixture.file(a, FilingFixture.Json.of(resubmitted).evaluator(name))));
            for (int i = 1; i <= 32; i++) {
                String model = i == 5 || i == 20 ? Unique.name("needle") : i == 32 ? resubmitted : Unique.name("pm");
                // named by name or by slug, in any case
                Filed f = new Filed(a, fixture.file(a, FilingFixture.Json.of(model).evaluator(i % 2 == 0 ? name : slug.toUpperCase())));
                if (i == 5 || i == 10) {
                    attest(f);
                    attestedA.add(0, f);
                } else {
                    waitingA.add(0, f);
                }
                if (i == 20) {
                    needle.add(f);
                }
                if (i == 5) {
                    needleAttested = f;
                }
            }
            other.add(new Filed(a, fixture.file(a, FilingFixture.Json.of(Unique.name("pm")))));
            other.add(new Filed(a, fixture.file(a, FilingFixture.Json.of(Unique.name("pm")).evaluator(null))));
            for (int i = 1; i <= 26; i++) {
                Filed f = new Filed(b, fixture.file(b, FilingFixture.Json.of(Unique.name(i == 7 ? "needle" : "pm")).evaluator(name)));
                if (i == 3) {
                    attest(f);
                    attestedB.add(0, f);
                } else {
                    waitingB.add(0, f);
                }
                if (i == 7) {
                    needle.add(f);
                }
            }
            other.add(new Filed(b, fixture.file(b, FilingFixture.Json.of(Unique.name("pm")))));
            waiting = new ArrayList<>(waitingA);
            waiting.addAll(waitingB);
            attested = new ArrayList<>(attestedA);
            attested.addAll(attestedB);
            needles = needle;
            others = other;
            second = b;
            first = a;
        }
    }

    @Test
    void eachListRunsCmoByCmoNewestFirstAPageAtATime() {
        assertThat(waiting).hasSize(55);
        assertThat(Paging.SIZE).isEqualTo(50);
        Document home = home("/evaluator");
        // the first page ends inside the second CMO: all of the first's, then the second's newest
        assertThat(filings(home, "pending-h")).containsExactlyElementsOf(waiting.subList(0, 50));
        assertThat(pager(home, "pending-h").text()).contains("Page 1 of 2", "1–50 of 55 filings");
        assertThat(pager(home, "pending-h").select("a[rel=next]").attr("href")).isEqualTo("/evaluator?page=2");
        assertThat(filings(home, "done-h")).containsExactlyElementsOf(attested);
        assertThat(home.select("section[aria-labelledby=done-h] nav.pager")).as("one page").isEmpty();

        Document next = home("/evaluator?page=2");
        assertThat(filings(next, "pending-h")).containsExactlyElementsOf(waiting.subList(50, 55));
        assertThat(pager(next, "pending-h").text()).contains("Page 2 of 2", "51–55 of 55 filings");
        // turning the waiting list's pages leaves the attested list where it starts
        assertThat(filings(next, "done-h")).containsExactlyElementsOf(attested);
        // a page beyond the last shows the last
        assertThat(filings(home("/evaluator?page=9"), "pending-h")).containsExactlyElementsOf(waiting.subList(50, 55));

        // each row says its CMO and links the filing's page there
        Element row = home.selectFirst("section[aria-labelledby=pending-h] tbody tr");
        assertThat(row.child(0).text()).isEqualTo("Verify CMO " + first);
        assertThat(row.select("a").attr("href")).isEqualTo(Routes.evaluatorFiling(first, waiting.get(0).id()));

        // another evaluator's filings, a filing naming nobody and a superseded version are never listed, nor open
        for (Document page : List.of(home, next)) {
            assertThat(filings(page, "pending-h")).doesNotContainAnyElementsOf(others);
            assertThat(filings(page, "done-h")).doesNotContainAnyElementsOf(others);
        }
        // (the superseded version, the first of them, still names evan's organisation: its page stays evan's to read)
        for (Filed o : others.subList(1, others.size())) {
            DevTokens.as(EVALUATOR).get(Routes.evaluatorFiling(o.tenant(), o.id())).then().statusCode(404);
        }
    }

    @Test
    void theSearchNarrowsEachListInEveryCmo() {
        Document found = home("/evaluator?q=NEEDLE");
        assertThat(filings(found, "pending-h")).containsExactlyElementsOf(needles);
        assertThat(filings(found, "done-h")).containsExactly(needleAttested);
        // the CMO's name holds the search: every filing there is found, and none of the other CMO's
        Document bySecond = home("/evaluator?q=" + second.toUpperCase());
        assertThat(filings(bySecond, "pending-h")).containsExactlyElementsOf(waiting.subList(30, 55));
        assertThat(filings(bySecond, "done-h")).containsExactlyElementsOf(attested.subList(2, 3));
        assertThat(bySecond.select("nav.pager")).isEmpty();
        // the period every filing is in finds them all, and the pages keep the search
        Document byPeriod = home("/evaluator?q=" + FilingFixture.PERIOD);
        assertThat(pager(byPeriod, "pending-h").text()).contains("1–50 of 55 filings");
        assertThat(pager(byPeriod, "pending-h").select("a[rel=next]").attr("href"))
                .isEqualTo("/evaluator?q=" + FilingFixture.PERIOD + "&page=2");
        assertThat(home("/evaluator?q=" + Unique.name("nothing")).text()).contains("No filing waiting for you matches");
    }

    /**
     * {@code GET /api/v1/attestations/pending} is the waiting list through the API: the same filings in the same order,
     * a page of {@code size} (default 100, at most 1,000), searched as the home searches, the whole count in
     * {@code X-Total-Count}; for evaluators alone, as before.
     */
    @Test
    void theApiListsTheWaitingFilingsAPageAtATime() {
        io.restassured.response.Response last = pending(null, 2, 50);
        assertThat(last.header("X-Total-Count")).isEqualTo("55");
        assertThat(pendingFiled(last)).containsExactlyElementsOf(waiting.subList(50, 55));
        assertThat(last.jsonPath().getList("attested", Boolean.class)).containsOnly(false);
        assertThat(pendingFiled(pending(null, 1, 3))).containsExactlyElementsOf(waiting.subList(0, 3));
        // a page beyond the last is the last; the default page holds them all; sizes out of bounds are the bounds
        assertThat(pendingFiled(pending(null, 9, 50))).containsExactlyElementsOf(waiting.subList(50, 55));
        assertThat(pendingFiled(pending(null, null, null))).containsExactlyElementsOf(waiting);
        assertThat(pendingFiled(pending(null, 1, 0))).containsExactly(waiting.get(0));
        assertThat(pendingFiled(pending(null, 1, 1_000_000))).containsExactlyElementsOf(waiting);

        // searched by model in any case, and by the CMO's name: the count is of those found
        io.restassured.response.Response found = pending("NEEDLE", null, null);
        assertThat(found.header("X-Total-Count")).isEqualTo("2");
        assertThat(pendingFiled(found)).containsExactlyElementsOf(needles);
        io.restassured.response.Response bySecond = pending(second.toUpperCase(), 2, 20);
        assertThat(bySecond.header("X-Total-Count")).isEqualTo("25");
        assertThat(pendingFiled(bySecond)).containsExactlyElementsOf(waiting.subList(50, 55));
        assertThat(pendingFiled(pending(Unique.name("nothing"), null, null))).isEmpty();
        assertThat(pendingFiled(pending(null, null, null))).doesNotContainAnyElementsOf(others);

        // as before: a builder, an administrator and the operator have no evaluator's queue
        for (String who : List.of("bruno", "nadia", "olivia")) {
            DevTokens.as(who).queryParam("page", 2).get("/api/v1/attestations/pending").then().statusCode(403);
        }
    }

    private static io.restassured.response.Response pending(String query, Integer page, Integer size) {
        var request = DevTokens.as(EVALUATOR);
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/api/v1/attestations/pending").then().statusCode(200).extract().response();
    }

    private static List<Filed> pendingFiled(io.restassured.response.Response response) {
        List<String> tenants = response.jsonPath().getList("tenant", String.class);
        List<Long> ids = response.jsonPath().getList("filingId", Long.class);
        List<Filed> filed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            filed.add(new Filed(tenants.get(i), ids.get(i)));
        }
        return filed;
    }

    private static void attest(Filed f) {
        DevTokens.as(EVALUATOR).contentType(ContentType.JSON)
                .body("{\"dataValueShare\": true, \"mixture\": true, \"method\": \"scaling-law fit\", \"reportReference\": \"r-evan\","
                        + " \"evidenceSha256\": \"" + EVIDENCE + "\"}")
                .post("/api/v1/tenants/" + f.tenant() + "/filings/" + f.id() + "/attestations").then().statusCode(201);
    }

    private static Document home(String path) {
        return Jsoup.parse(DevTokens.as(EVALUATOR).urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString());
    }

    /** The filings a list shows, in order, read from their links. */
    private static List<Filed> filings(Document home, String list) {
        return home.select("section[aria-labelledby=" + list + "] tbody tr a").stream().map(a -> {
            String[] parts = a.attr("href").split("/");
            // /t/{tenant}/evaluator/filings/{id}
            return new Filed(parts[2], Long.parseLong(parts[5]));
        }).toList();
    }

    private static Element pager(Document home, String list) {
        Element pager = home.selectFirst("section[aria-labelledby=" + list + "] nav.pager");
        assertThat(pager).as("the pages of " + list).isNotNull();
        return pager;
    }
}
