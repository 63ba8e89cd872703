package org.cmoportal.security;

import java.util.List;

/** What a path parameter names, so the sweep knows which objects to put there. */
enum Kind {
    TENANT, PERIOD, FILING, STATEMENT, LINE, MEMBER, REF, EVALUATOR, BUILDER, USER, PAYMENT_RUN, DISPUTE, CLAIM, RELEASE, RESTATEMENT,
    MODEL, BALLOT, STAKE_GRANT;

    /**
     * The kind of a route's parameter, from its name and the path segment before it
     * ({@code /filings/{id}} is a filing, {@code /statements/{id}} a statement).
     *
     * @throws IllegalStateException for a parameter the sweep does not know: a new route must be classified here
     */
    static Kind of(RouteCatalog.Route route, String param) {
        switch (param) {
            case "tenant":
                return TENANT;
            case "period":
            case "label":
                return PERIOD;
            case "filing":
                return FILING;
            case "line":
                return LINE;
            case "ref":
            case "member": // the member a representative acts for: a ref too
                return REF;
            case "evaluator":
                return EVALUATOR;
            case "builder":
                return BUILDER;
            case "username":
                return USER;
            case "model":
                return MODEL;
            case "id":
                String before = segmentBefore(route.template(), param);
                if (List.of("filings").contains(before)) {
                    return FILING;
                }
                if (before.equals("statements")) {
                    return STATEMENT;
                }
                if (before.equals("members")) {
                    return MEMBER;
                }
                if (before.equals("payment-runs")) {
                    return PAYMENT_RUN;
                }
                if (before.equals("disputes")) {
                    return DISPUTE;
                }
                if (before.equals("claims")) {
                    return CLAIM;
                }
                if (before.equals("releases")) {
                    return RELEASE;
                }
                if (before.equals("restatements")) {
                    return RESTATEMENT;
                }
                if (before.equals("ballots")) {
                    return BALLOT;
                }
                if (before.equals("stake-grants")) {
                    return STAKE_GRANT;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("The isolation sweep cannot classify {" + param + "} of " + route
                + ": name its kind in security/Kind.of and give the sweep's world objects of that kind.");
    }

    private static String segmentBefore(String template, String param) {
        java.util.regex.Matcher m = RouteCatalog.PARAM.matcher(template);
        while (m.find()) {
            if (m.group(1).equals(param)) {
                String head = template.substring(0, m.start());
                String[] segments = head.split("/");
                return segments.length == 0 ? "" : segments[segments.length - 1];
            }
        }
        return "";
    }
}
