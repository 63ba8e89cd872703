package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.cmoportal.security.RouteCatalog.Route;
import org.cmoportal.testsupport.Browser;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Unique;
import org.jboss.resteasy.reactive.RestHeader;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every address htmx asks for a fragment is a page too: loaded plainly (a reload, a link opened in a new tab, a
 * pushed address) it gives the whole page with the layout, or a redirect to one. Found by walking the pages each
 * role reaches from its home, and checked against the routing table, so a new fragment route no page asks for
 * fails here instead of going unseen.
 */
@QuarkusTest
class FragmentRoutesTest {

    /** Links a person follows to another page; downloads, sign-out and the health check are not pages. */
    static final Pattern SKIP = Pattern.compile("/csv$|/pdf$|/payout-file$|^/logout|^/q/|^/static/|^/webjars/");

    /** Pages visited per address shape (ids and labels alike), enough to reach a statement with lines. */
    static final int VISITS_PER_SHAPE = 3;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    /** An htmx request a page makes: who saw it, on which page, and the element that makes it. */
    record HtmxGet(String caller, String page, String url, Element element) {
    }

    @Test
    void everyAddressHtmxAsksForAFragmentIsAWholePageWhenLoadedPlainly() {
        SweepWorld world = new SweepWorld(owner).build();
        // an open period, so the builder's home links to the filing form with its preview and mixture rows
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body("{\"label\":\"" + world.label + "-o\"}").post("/api/v1/tenants/" + SweepWorld.NEWS + "/periods")
                .then().statusCode(201);

        // a period with an opted-out ref in a filing, so its board links to the filing's opted-out refs (a list with
        // its own search): alice says no to training on news before the period opens, then bruno files her usage
        given().auth().oauth2(DevTokens.of("alice")).contentType("application/json")
                .body("{\"categories\": {\"news\": {\"train-ai\": false}}}")
                .put("/api/v1/tenants/" + SweepWorld.NEWS + "/members/alice/preferences").then().statusCode(200);
        String flagged = world.label + "-f";
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body("{\"label\":\"" + flagged + "\"}").post("/api/v1/tenants/" + SweepWorld.NEWS + "/periods")
                .then().statusCode(201);
        Filings.post("bruno", SweepWorld.NEWS, flagged, """
                {"model": "flagged-%s", "period": "%s", "currency": "USD", "revenue": "1250000.00",
                 "servingCost": "400000.00", "postTrainingCost": "100000.00", "dataValueShare": "0.30",
                 "mixtureWeights": {"news": "1"}}""".formatted(flagged, flagged),
                "category,member_ref,units\nnews,alice,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null)
                .then().statusCode(201);
        String flaggedBoard = "/t/" + SweepWorld.NEWS + "/admin/periods/" + flagged;

        List<HtmxGet> gets = new ArrayList<>();
        for (String caller : List.of("nadia", "alice", "bruno", "eva", "olivia")) {
            gets.addAll(crawl(caller, flaggedBoard));
        }
        List<String> problems = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>();
        for (HtmxGet get : gets) {
            if (!checked.add(get.caller() + " " + get.url() + " " + htmxHeaders(get.element()))) {
                continue;
            }
            String what = get.caller() + " " + get.url() + " (hx-get on " + get.page() + ")";
            Response plain = as(get.caller()).redirects().follow(false).get(get.url());
            String whole = plain.statusCode() / 100 == 3 ? as(get.caller()).get(plain.header("Location")).asString() : plain.asString();
            if (plain.statusCode() != 200 && plain.statusCode() / 100 != 3) {
                problems.add(what + ": loaded plainly it answers " + plain.statusCode());
            } else if (!isWholePage(whole)) {
                problems.add(what + ": loaded plainly it is not a whole page: " + excerpt(whole));
            }
            RequestSpecification htmx = as(get.caller()).header("HX-Request", "true");
            htmxHeaders(get.element()).forEach(htmx::header);
            Response fragment = htmx.get(get.url());
            if (fragment.statusCode() != 200) {
                problems.add(what + ": asked by htmx it answers " + fragment.statusCode());
            } else if (isWholePage(fragment.asString())) {
                problems.add(what + ": asked by htmx with " + htmxHeaders(get.element()) + " it answers the whole page");
            } else if ("true".equals(inherited(get.element(), "hx-push-url"))) {
                problems.add(what + ": pushes its address into the history, and it swaps in a fragment");
            }
        }
        assertThat(problems).isEmpty();

        // every route that answers htmx with a fragment is asked for by some page
        List<String> unasked = new ArrayList<>();
        for (Route route : RouteCatalog.discover()) {
            if (route.httpMethod().equals("GET") && readsHtmxHeaders(route)) {
                Pattern address = Pattern.compile(RouteCatalog.PARAM.matcher(Pattern.quote(route.template()))
                        .replaceAll(m -> Matcher.quoteReplacement("\\E[^/?]+\\Q")) + "(\\?.*)?");
                if (gets.stream().noneMatch(g -> address.matcher(g.url()).matches())) {
                    unasked.add(route.toString());
                }
            }
        }
        assertThat(unasked).as("fragment routes no page asks for (link one from a page the crawl reaches)").isEmpty();
        assertThat(gets).extracting(g -> g.url().replaceAll("\\?.*", "")).anyMatch(u -> u.endsWith("/filings/new"));
    }

    /** A form htmx posts, refused with the form shown again, leaves the address bar where the form was. */
    @Test
    void aRefusedHtmxFormDoesNotPushItsActionIntoTheHistory() {
        Browser nadia = Browser.signedInAs("nadia");
        String html = nadia.get("/t/newsguild/admin/periods").asString();
        String token = Html.inputValue(html, "csrf-token").orElseThrow();
        Response refused = nadia.request().header("HX-Request", "true").header("X-CSRF-TOKEN", token)
                .contentType("application/x-www-form-urlencoded").formParam("label", "not a label!")
                .post("/t/newsguild/admin/periods");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.header("HX-Push-Url")).isEqualTo("false");
        assertThat(isWholePage(refused.asString())).isTrue();

        Response accepted = nadia.request().header("HX-Request", "true").header("X-CSRF-TOKEN", token)
                .contentType("application/x-www-form-urlencoded").formParam("label", Unique.name("hx"))
                .post("/t/newsguild/admin/periods");
        assertThat(accepted.statusCode()).isEqualTo(303);
        Response landed = nadia.request().header("HX-Request", "true").get(accepted.header("Location"));
        assertThat(landed.statusCode()).isEqualTo(200);
        assertThat(landed.header("HX-Push-Url")).as("the page a redirect leads to is pushed as usual").isNull();
    }

    /** The pages a person reaches from their home (and the world's CMO) by following links, and every hx-get on them. */
    private List<HtmxGet> crawl(String caller, String board) {
        List<HtmxGet> gets = new ArrayList<>();
        Map<String, Integer> shapes = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        // an administrator of several CMOs lands on any one of them: the world's CMO is a start too; and the board of
        // the period with an opted-out ref, which the crawl's few visits per address shape might not reach otherwise
        // (other tests' periods in the same database come first in the lists)
        Deque<String> queue = new ArrayDeque<>(List.of("/home", "/t/" + SweepWorld.NEWS + "/admin", board));
        while (!queue.isEmpty()) {
            String url = queue.poll();
            if (!seen.add(url) || shapes.merge(shape(url), 1, Integer::sum) > VISITS_PER_SHAPE) {
                continue;
            }
            Response r = as(caller).get(url);
            // a link the portal itself shows must never end in our own error
            assertThat(r.statusCode()).as("%s following the portal's links to %s", caller, url).isLessThan(500);
            if (r.statusCode() != 200 || !String.valueOf(r.contentType()).startsWith("text/html")) {
                continue;
            }
            Document page = Jsoup.parse(r.asString());
            for (Element e : page.select("[hx-get]")) {
                gets.add(new HtmxGet(caller, url, e.attr("hx-get"), e));
            }
            for (Element a : page.select("a[href^=/]:not([download]):not([hx-boost=false])")) {
                String href = a.attr("href").replaceAll("#.*", "");
                if (!SKIP.matcher(href).find()) {
                    queue.add(href);
                }
            }
        }
        return gets;
    }

    /** What htmx sends with the request: the id of the element it swaps into, and the name of the element asking. */
    static Map<String, String> htmxHeaders(Element e) {
        Map<String, String> headers = new LinkedHashMap<>();
        Element target = target(e);
        if (target != null && !target.id().isEmpty()) {
            headers.put("HX-Target", target.id());
        }
        if (e.hasAttr("name")) {
            headers.put("HX-Trigger-Name", e.attr("name"));
        }
        return headers;
    }

    /** The element htmx swaps into, found as htmx finds it: hx-target inherited, relative to the element asking. */
    static Element target(Element e) {
        Element holder = holder(e, "hx-target");
        if (holder == null) {
            return e;
        }
        String t = holder.attr("hx-target").strip();
        if (t.equals("this")) {
            return holder;
        }
        if (t.startsWith("closest ")) {
            return e.closest(t.substring("closest ".length()));
        }
        if (t.startsWith("next ")) {
            Map<Element, Integer> order = new IdentityHashMap<>();
            List<Element> all = e.ownerDocument().getAllElements();
            for (int i = 0; i < all.size(); i++) {
                order.put(all.get(i), i);
            }
            int after = order.get(e);
            return e.ownerDocument().select(t.substring("next ".length())).stream().filter(x -> order.get(x) > after)
                    .findFirst().orElse(null);
        }
        return e.ownerDocument().selectFirst(t);
    }

    /** An htmx attribute as the element has it, from itself or the nearest ancestor that does not disinherit it. */
    static String inherited(Element e, String attribute) {
        Element holder = holder(e, attribute);
        return holder == null ? null : holder.attr(attribute);
    }

    private static Element holder(Element e, String attribute) {
        for (Element a = e; a != null; a = a.parent()) {
            String disinherit = a.attr("hx-disinherit").strip();
            if (a != e && (disinherit.equals("*") || Arrays.asList(disinherit.split("\\s+")).contains(attribute))) {
                return null;
            }
            if (a.hasAttr(attribute)) {
                return a;
            }
        }
        return null;
    }

    private static boolean readsHtmxHeaders(Route route) {
        return Arrays.stream(route.method().getParameters()).anyMatch(p -> p.isAnnotationPresent(RestHeader.class)
                && p.getAnnotation(RestHeader.class).value().startsWith("HX-"));
    }

    /** A page with the layout: the document and its main navigation. */
    static boolean isWholePage(String html) {
        return html.contains("<html") && html.contains("aria-label=\"Main\"");
    }

    /** The address with its numbers and query left out: statements 12 and 13 are one shape. */
    private static String shape(String url) {
        return url.replaceAll("\\?.*", "").replaceAll("\\d+", "#");
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private static RequestSpecification as(String username) {
        return given().auth().oauth2(DevTokens.of(username));
    }
}
