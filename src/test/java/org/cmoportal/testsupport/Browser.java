package org.cmoportal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A person's browser for page tests: keeps cookies, follows redirects one hop at a time (so tests can
 * look at each), and signs in through the login page of the Dev Services OIDC provider.
 */
public final class Browser {

    private static final int MAX_HOPS = 10;

    private final CookieFilter cookies = new CookieFilter();
    private final String appBase;
    private final List<String> visited = new ArrayList<>();
    private String current;

    /** A browser for the application under test at {@code http://localhost:<test port>}. */
    public Browser() {
        this(RestAssured.baseURI + ":" + RestAssured.port);
    }

    /** A browser for the application under test at {@code appBase}, such as {@code http://127.0.0.1:8081}. */
    public Browser(String appBase) {
        this.appBase = appBase;
        this.current = appBase + "/";
    }

    /** A new browser that has signed in as {@code username} through the dev provider's login page. */
    public static Browser signedInAs(String username) {
        Browser browser = new Browser();
        Response page = browser.follow(browser.get("/home"));
        Response home = browser.follow(browser.submitDevLogin(page, username));
        assertThat(home.statusCode()).as("home page of %s after signing in", username).isEqualTo(200);
        return browser;
    }

    /** A request with this browser's cookies and no automatic redirects. */
    public RequestSpecification request() {
        return RestAssured.given().filter(cookies).redirects().follow(false);
    }

    /** GET of an application path or an absolute URL (taken as it is: URLs in Location are already encoded). */
    public Response get(String url) {
        return go(url.startsWith("/") ? appBase + url : url);
    }

    /** Follows redirects as a browser does, until a response that is not a redirect. */
    public Response follow(Response response) {
        Response r = response;
        for (int hop = 0; isRedirect(r.statusCode()); hop++) {
            assertThat(hop).as("redirects from %s", visited).isLessThan(MAX_HOPS);
            // a Location may be relative to the page that sent it (the provider's or the portal's)
            r = go(URI.create(current).resolve(r.header("Location")).toString());
        }
        return r;
    }

    /** Posts the dev provider's login form (shown by {@code loginPage}) with the button of {@code username}. */
    public Response submitDevLogin(Response loginPage, String username) {
        String html = loginPage.asString();
        assertThat(html).as("the dev provider's login page").contains("predefined-" + username);
        URI provider = URI.create(current);
        String form = html.substring(html.indexOf("<form"), html.indexOf("</form>"));
        RequestSpecification post = request().formParam("predefined-" + username, username);
        Matcher hidden = Pattern.compile("name='([^']+)' value='([^']*)'").matcher(form);
        while (hidden.find()) {
            post.formParam(hidden.group(1), hidden.group(2));
        }
        return post(post, provider.resolve("/login").toString());
    }

    /** Sends a form another page (such as an identity provider's login page) has filled in, to an absolute URL. */
    public Response post(RequestSpecification form, String url) {
        current = url;
        visited.add(url);
        return form.post(url);
    }

    /** Every URL this browser has requested, in order. */
    public List<String> visited() {
        return List.copyOf(visited);
    }

    /** The URL of the last request. */
    public String currentUrl() {
        return current;
    }

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private Response go(String url) {
        current = url;
        visited.add(url);
        return request().urlEncodingEnabled(false).get(url);
    }
}
