package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.cmoportal.testsupport.Browser;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.Unique;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A signed-in walk through the portal that keeps every {@code Set-Cookie} header of every response: sign in
 * through the dev provider, open several pages, post a form, sign out. The portal's cookies are kept and handed
 * back by hand, as a browser on HTTPS would (so the walk works when they are marked Secure), and every portal
 * request also carries a probe cookie the portal never set, which it must never send back.
 */
final class SignInCookies {

    static final String PROBE = "probe";

    /** One request to the portal: the cookies it carried and the Set-Cookie headers of its answer. */
    record Exchange(String method, String url, int status, Map<String, String> sent, List<String> setCookies) {

        @Override
        public String toString() {
            return method + " " + url + " -> " + status + " sent " + sent.keySet() + " set " + setCookies;
        }
    }

    private final String appBase = RestAssured.baseURI + ":" + RestAssured.port;
    private final Browser provider = new Browser(appBase);
    private final Map<String, String> jar = new LinkedHashMap<>();
    private final List<Exchange> exchanges = new ArrayList<>();
    private String current = appBase + "/";

    private SignInCookies() {
    }

    /** Nadia signs in, opens her pages, adds a member through the form and signs out. */
    static SignInCookies walk() {
        SignInCookies walk = new SignInCookies();
        Response toProvider = walk.get("/home");
        assertThat(toProvider.statusCode()).as("anonymous /home goes to the provider").isEqualTo(302);
        Response loginPage = walk.provider.get(walk.resolve(toProvider.header("Location")));
        Response signedIn = walk.provider.submitDevLogin(loginPage, "nadia");
        walk.current = walk.provider.currentUrl();
        walk.follow(signedIn);
        assertThat(walk.jar).as("signed in: the session cookie is held").containsKey("q_session");

        walk.follow(walk.get("/home"));
        walk.get("/t/newsguild/admin/audit");
        walk.get("/t/newsguild/admin/members?q=a");
        String admin = walk.get("/t/newsguild/admin/members").then().statusCode(200).extract().asString();
        String token = Html.inputValue(admin, "csrf-token").orElseThrow(() -> new AssertionError("no CSRF field on the members page"));
        Response added = walk.send("POST", "/t/newsguild/admin/members", walk.portal()
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", token)
                .formParam("ref", Unique.name("cookie")).formParam("name", "Cookie Walker").formParam("username", ""));
        assertThat(added.statusCode()).as("the member form's answer").isEqualTo(303);
        walk.follow(added);

        walk.follow(walk.get("/logout"));
        return walk;
    }

    /**
     * Every Set-Cookie of every response of the walk: the probe is never sent back, and a cookie the portal sets
     * (a session, sign-in state or CSRF cookie, or one the request carried) is set deliberately, whole: for the
     * whole site ({@code Path=/}, so no stale copy under a deeper path survives signing out), out of scripts'
     * reach, not sent by other sites' requests, and only over HTTPS when {@code secure}. A cookie the portal
     * clears carries no value and the same path, so it clears the copy the portal set.
     */
    void assertEveryCookieIsGuarded(boolean secure) {
        assertThat(exchanges).as("the walk reached the portal").hasSizeGreaterThan(8);
        for (Exchange e : exchanges) {
            for (String c : e.setCookies()) {
                String why = "Set-Cookie \"" + c + "\" of " + e.method() + " " + e.url()
                        + (e.sent().containsKey(name(c)) ? " (the request sent this cookie)" : "");
                assertThat(name(c)).as("the client's probe is never echoed: " + why).isNotEqualTo(PROBE);
                Map<String, String> a = attributes(c);
                assertThat(a).as(why).containsEntry("path", "/");
                if (clears(c)) {
                    assertThat(c.split(";", 2)[0]).as(why).isEqualTo(name(c) + "=");
                    continue;
                }
                assertThat(a).as(why).containsKey("httponly");
                assertThat(a.getOrDefault("samesite", "").toLowerCase(Locale.ROOT)).as(why).isIn("lax", "strict");
                if (secure) {
                    assertThat(a).as(why).containsKey("secure");
                }
            }
        }
        for (String name : List.of("q_auth", "q_session", "csrf-token")) {
            assertThat(firstSet(name)).as("the walk saw %s set: %s", name, exchanges).isPresent();
        }
    }

    /** The portal's cookies the walk still holds (a cookie cleared by the portal is gone). */
    Map<String, String> held() {
        return Map.copyOf(jar);
    }

    /** GET of a portal path with the cookies held, not following redirects. */
    Response get(String path) {
        return send("GET", path, portal());
    }

    /** The first Set-Cookie of the walk that sets (not clears) a cookie whose name starts with {@code prefix}. */
    Optional<String> firstSet(String prefix) {
        return exchanges.stream().flatMap(e -> e.setCookies().stream())
                .filter(c -> name(c).startsWith(prefix) && !clears(c)).findFirst();
    }

    /** Every Set-Cookie that clears a cookie whose name starts with {@code prefix}. */
    List<String> cleared(String prefix) {
        return exchanges.stream().flatMap(e -> e.setCookies().stream())
                .filter(c -> name(c).startsWith(prefix) && clears(c)).toList();
    }

    static String name(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf('=')).trim();
    }

    /** The attributes of a Set-Cookie header, lower-cased names, valueless ones (HttpOnly) mapped to "". */
    static Map<String, String> attributes(String setCookie) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            attributes.put((eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT), eq < 0 ? "" : part.substring(eq + 1));
        }
        return attributes;
    }

    static boolean clears(String setCookie) {
        Map<String, String> a = attributes(setCookie);
        return "0".equals(a.get("max-age")) || a.getOrDefault("expires", "").contains("1970");
    }

    private RequestSpecification portal() {
        RequestSpecification request = RestAssured.given().redirects().follow(false).urlEncodingEnabled(false);
        jar.forEach(request::cookie);
        return request.cookie(PROBE, "1");
    }

    private Response send(String method, String path, RequestSpecification request) {
        Map<String, String> sent = new LinkedHashMap<>(jar);
        sent.put(PROBE, "1");
        String url = path.startsWith("/") ? appBase + path : path;
        current = url;
        Response r = "POST".equals(method) ? request.post(url) : request.get(url);
        List<String> setCookies = r.headers().getValues("Set-Cookie");
        exchanges.add(new Exchange(method, url, r.statusCode(), sent, setCookies));
        for (String c : setCookies) {
            if (clears(c)) {
                jar.remove(name(c));
            } else {
                String pair = c.split(";", 2)[0];
                jar.put(name(c), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return r;
    }

    /** Follows redirects: portal hops with the cookies held, the provider's hops through its own browser. */
    private Response follow(Response response) {
        Response r = response;
        for (int hop = 0; Browser.isRedirect(r.statusCode()); hop++) {
            assertThat(hop).as("redirects of the walk %s", exchanges).isLessThan(10);
            String next = resolve(r.header("Location"));
            if (next.startsWith(appBase + "/")) {
                r = send("GET", next, portal());
            } else {
                r = provider.get(next);
                current = next;
            }
        }
        return r;
    }

    /** A Location may be relative to the page that sent it (the provider's or the portal's). */
    private String resolve(String location) {
        return URI.create(current).resolve(location).toString();
    }
}
