package org.cmoportal.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.cmoportal.testsupport.Browser;

import io.restassured.response.Response;

/**
 * Every Set-Cookie header the portal sends while a person signs in through the dev provider and opens
 * a page with a form. Cookies are handed back by hand, as a browser on HTTPS would, so the flow works
 * even when they are marked Secure.
 */
final class SignInCookies {

    private SignInCookies() {
    }

    static List<String> collect(Browser browser) {
        List<String> setCookies = new ArrayList<>();
        Response r = browser.get("/home");
        List<String> carry = new ArrayList<>();
        record(r, setCookies, carry);
        Response loginPage = browser.follow(r);
        Response hop = browser.submitDevLogin(loginPage, "nadia");
        String current = browser.currentUrl();
        for (int i = 0; i < 10 && Browser.isRedirect(hop.statusCode()); i++) {
            String next = URI.create(current).resolve(hop.header("Location")).toString();
            current = next;
            var request = browser.request().urlEncodingEnabled(false);
            for (String c : carry) {
                int eq = c.indexOf('=');
                request.cookie(c.substring(0, eq), c.substring(eq + 1));
            }
            hop = request.get(next);
            record(hop, setCookies, carry);
        }
        return setCookies;
    }

    static String named(List<String> setCookies, String prefix) {
        return setCookies.stream().filter(c -> c.startsWith(prefix)).filter(c -> !c.toLowerCase().contains("max-age=0"))
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + prefix + "* among " + setCookies));
    }

    private static void record(Response r, List<String> setCookies, List<String> carry) {
        for (String c : r.headers().getValues("Set-Cookie")) {
            setCookies.add(c);
            String pair = c.split(";", 2)[0];
            carry.removeIf(p -> p.startsWith(pair.substring(0, pair.indexOf('=') + 1)));
            carry.add(pair);
        }
    }
}
