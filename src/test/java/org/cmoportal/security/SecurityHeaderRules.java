package org.cmoportal.security;

import java.util.ArrayList;
import java.util.List;

import io.restassured.response.Response;

/** The response headers every answer of the portal must carry, as one check other tests reuse. */
final class SecurityHeaderRules {

    private SecurityHeaderRules() {
    }

    static List<String> missing(String what, Response r) {
        List<String> problems = new ArrayList<>();
        String csp = r.header("Content-Security-Policy");
        if (csp == null) {
            problems.add(what + ": no Content-Security-Policy");
        } else {
            for (String directive : List.of("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'")) {
                if (!csp.contains(directive)) {
                    problems.add(what + ": the CSP lacks " + directive);
                }
            }
            int script = csp.indexOf("script-src");
            String scriptSrc = script < 0 ? "" : csp.substring(script, csp.indexOf(';', script) < 0 ? csp.length() : csp.indexOf(';', script));
            if (script < 0 || scriptSrc.contains("'unsafe-inline'") || scriptSrc.contains("'unsafe-eval'") || scriptSrc.contains("*")) {
                problems.add(what + ": script-src is not strict: " + scriptSrc);
            }
        }
        expect(problems, what, r, "X-Content-Type-Options", "nosniff");
        expect(problems, what, r, "X-Frame-Options", "DENY");
        if (r.header("Referrer-Policy") == null) {
            problems.add(what + ": no Referrer-Policy");
        }
        return problems;
    }

    private static void expect(List<String> problems, String what, Response r, String header, String value) {
        if (!value.equals(r.header(header))) {
            problems.add(what + ": " + header + " is " + r.header(header) + ", not " + value);
        }
    }
}
