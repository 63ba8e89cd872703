package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.security.RouteCatalog.Route;
import org.cmoportal.security.SweepWorld.Caller;
import org.cmoportal.security.SweepWorld.Obj;
import org.cmoportal.testsupport.DevTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The tenant isolation sweep: every route of the application that takes a parameter, called as every
 * role with the ids of objects that belong to another tenant, another builder organisation or another
 * member. Each call must be refused (404, or 403 for a role the route does not admit; an anonymous
 * caller is sent to sign in) and no answer may hold any of the other party's data.
 */
abstract class IsolationSweep {


    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    private final List<String> failures = new ArrayList<>();
    private int requests;

    /** What this run proves, for the summary line. */
    abstract String mode();

    @Test
    void everyRouteRefusesEveryoneElsesObjects() {
        List<Route> routes = RouteCatalog.discover();
        List<String> unclassified = unclassified(routes);
        assertThat(unclassified).as("routes the sweep cannot classify").isEmpty();

        SweepWorld world = new SweepWorld(owner).build();
        List<Route> withParams = routes.stream().filter(r -> !r.params().isEmpty()).toList();
        for (Route route : withParams) {
            List<Kind> absent = route.params().stream().map(p -> Kind.of(route, p))
                    .filter(k -> world.select(o -> o.kind() == k).isEmpty()).toList();
            if (!absent.isEmpty()) {
                failures.add(route + ": the sweep's world has no " + absent + " to aim at; extend SweepWorld.build");
                continue;
            }
            for (Caller caller : world.callers) {
                for (Map<String, String> values : variants(world, route, caller)) {
                    call(world, route, caller, values);
                }
            }
        }
        List<Route> lists = withParams.stream().filter(IsolationSweep::isListing).toList();
        for (Route route : lists) {
            for (Caller caller : world.callers) {
                if (!caller.anonymous() && hasRole(route, caller)) {
                    for (Map<String, String> values : ownScopes(world, route, caller)) {
                        listOwn(world, route, caller, values);
                    }
                }
            }
        }
        System.out.printf("Isolation sweep (%s): %d routes discovered, %d with path parameters, %d listings, %d requests, %d failures%n",
                mode(), routes.size(), withParams.size(), lists.size(), requests, failures.size());
        assertThat(requests).as("requests made").isGreaterThan(withParams.size());
        assertThat(failures).as("refusals that leaked or answered wrongly").isEmpty();
    }

    /** Routes whose parameters or access the sweep cannot reason about; a new route must be taught to it. */
    static List<String> unclassified(List<Route> routes) {
        List<String> problems = new ArrayList<>();
        for (Route r : routes) {
            if (r.httpMethod().equals("LOCATOR")) {
                problems.add(r + ": sub-resource locators are not swept");
                continue;
            }
            for (String p : r.params()) {
                try {
                    Kind kind = Kind.of(r, p);
                    if (kind == Kind.TENANT && !r.access().isTenantRoute()) {
                        problems.add(r + ": takes {tenant} but declares no @TenantAccess");
                    }
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!r.params().isEmpty() && r.access().permitAll()) {
                problems.add(r + ": takes an id and is open to everyone");
            }
        }
        return problems;
    }

    /** The parameter values to try: each names at least one object the caller does not own. */
    static List<Map<String, String>> variants(SweepWorld world, Route route, Caller caller) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        route.params().forEach(p -> kinds.put(p, Kind.of(route, p)));
        if (!kinds.containsValue(Kind.PERIOD)) {
            return variants(world, kinds, route, caller, null);
        }
        // a distributed period (statements exist) and a closed one (filings under review): each route acts in one
        List<Map<String, String>> variants = new ArrayList<>();
        for (String label : List.of(world.label, world.closedLabel)) {
            variants.addAll(variants(world, kinds, route, caller, label));
        }
        return variants;
    }

    private static List<Map<String, String>> variants(SweepWorld whole, Map<String, Kind> kinds, Route route, Caller caller,
            String label) {
        SweepWorld world = label == null ? whole : whole.inPeriod(label);
        List<Map<String, String>> variants = new ArrayList<>();
        boolean tenantRoute = kinds.containsValue(Kind.TENANT);
        if (tenantRoute) {
            // the other tenant, with that tenant's own objects in the rest of the path
            world.foreign(caller, Kind.TENANT, null).stream().limit(1).forEach(t ->
                    variants.add(fill(world, kinds, caller, t.value(), null, null, false)));
            // the caller's tenant, with one id of someone else's object (same tenant first, then another)
            for (String tenant : caller.tenants()) {
                kinds.forEach((param, kind) -> {
                    if (isObjectId(kind)) {
                        firstOf(world.foreign(caller, kind, tenant)).ifPresent(o ->
                                variants.add(fill(world, kinds, caller, tenant, param, o, true)));
                        world.foreign(caller, kind, null).stream().filter(o -> !tenant.equals(o.tenant())).findFirst()
                                .ifPresent(o -> variants.add(fill(world, kinds, caller, tenant, param, o, true)));
                    }
                });
            }
        } else {
            kinds.forEach((param, kind) -> {
                if (isObjectId(kind)) {
                    firstOf(world.foreign(caller, kind, null)).ifPresent(o ->
                            variants.add(fill(world, kinds, caller, o.tenant(), param, o, true)));
                }
            });
        }
        if (variants.isEmpty() && (caller.anonymous() || !hasRole(route, caller))) {
            // nothing is foreign to this caller here, but the route must still turn the wrong role away
            variants.add(fill(world, kinds, caller, SweepWorld.NEWS, null, null, false));
        }
        return variants;
    }

    private static boolean isObjectId(Kind kind) {
        return kind != Kind.TENANT && kind != Kind.PERIOD && kind != Kind.EVALUATOR;
    }

    private static java.util.Optional<Obj> firstOf(List<Obj> objects) {
        return objects.stream().findFirst();
    }

    /**
     * Values for every parameter: {@code foreignParam} gets {@code foreign}; the others get objects of
     * {@code tenant}, the caller's own where it has some (so only the one id is out of place).
     */
    static Map<String, String> fill(SweepWorld world, Map<String, Kind> kinds, Caller caller, String tenant,
            String foreignParam, Obj foreign, boolean preferOwn) {
        Map<String, String> values = new LinkedHashMap<>();
        kinds.forEach((param, kind) -> {
            if (param.equals(foreignParam)) {
                values.put(param, foreign.value());
                return;
            }
            Obj chosen = switch (kind) {
                case TENANT -> null;
                case LINE -> pickLine(world, caller, tenant, kinds, foreignParam, foreign, preferOwn);
                default -> pick(world, caller, kind, tenant, preferOwn);
            };
            values.put(param, kind == Kind.TENANT ? tenant : chosen.value());
        });
        return values;
    }

    private static Obj pickLine(SweepWorld world, Caller caller, String tenant, Map<String, Kind> kinds,
            String foreignParam, Obj foreign, boolean preferOwn) {
        if (foreign != null && foreign.kind() == Kind.STATEMENT) {
            // the foreign statement's own line, so only the statement is out of place
            return world.select(o -> o.kind() == Kind.LINE && foreign.value().equals(o.parent())).stream().findFirst()
                    .orElseGet(() -> pick(world, caller, Kind.LINE, tenant, preferOwn));
        }
        return pick(world, caller, Kind.LINE, tenant, preferOwn);
    }

    private static Obj pick(SweepWorld world, Caller caller, Kind kind, String tenant, boolean preferOwn) {
        List<Obj> in = world.select(o -> o.kind() == kind && (o.tenant() == null || o.tenant().equals(tenant)));
        if (in.isEmpty()) {
            in = world.select(o -> o.kind() == kind);
        }
        if (in.isEmpty()) {
            throw new IllegalStateException("The sweep's world has no " + kind + " to put in a path: extend SweepWorld.build");
        }
        if (preferOwn) {
            List<Obj> own = in.stream().filter(caller::owns).toList();
            if (!own.isEmpty()) {
                return own.get(0);
            }
        }
        return in.get(0);
    }

    /** The values of a route's parameters that its rightful caller owns in the news CMO. */
    static Map<String, String> ownValues(SweepWorld world, Route route, Caller caller) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        route.params().forEach(p -> kinds.put(p, Kind.of(route, p)));
        return fill(world, kinds, caller, SweepWorld.NEWS, null, null, true);
    }

    static boolean hasRole(Route route, Caller caller) {
        Set<String> allowed = route.access().allowedRoles();
        return allowed.isEmpty() ? !caller.anonymous() : !Collections.disjoint(allowed, caller.roles());
    }

    private void call(SweepWorld world, Route route, Caller caller, Map<String, String> values) {
        String path = route.expand(values);
        RequestSpecification request = given().redirects().follow(false).urlEncodingEnabled(false);
        if (!caller.anonymous()) {
            request.auth().oauth2(DevTokens.of(caller.username()));
        }
        if (route.changesState()) {
            body(route, request);
        }
        Response response = request.request(route.httpMethod(), path);
        requests++;
        String what = caller.username() + " " + route.httpMethod() + " " + path + " [" + route.resource().getSimpleName()
                + "#" + route.method().getName() + "]";
        int expected = caller.anonymous() ? (route.isApi() ? 401 : 302) : hasRole(route, caller) ? 404 : 403;
        if (response.statusCode() != expected) {
            failures.add(what + ": expected " + expected + ", got " + response.statusCode() + " " + excerpt(response.asString()));
            return;
        }
        if (expected == 302 && !String.valueOf(response.header("Location")).startsWith(DevTokens.provider())) {
            failures.add(what + ": redirected to " + response.header("Location") + " instead of the sign-in page");
        }
        String body = response.asString();
        for (String text : world.forbiddenText(caller)) {
            if (body.contains(text) || body.contains(org.cmoportal.security.Escape.html(text))) {
                failures.add(what + ": the refusal shows '" + text + "'");
            }
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("SELECT ")) {
            failures.add(what + ": the refusal shows internals " + excerpt(body));
        }
    }

    /**
     * A read that names no object, only a scope (a tenant, a period): a list such as a period's filings. Its answer
     * in the caller's own scope must hold nothing of anyone else's: the caller's own objects only.
     */
    static boolean isListing(Route route) {
        return route.httpMethod().equals("GET")
                && route.params().stream().map(p -> Kind.of(route, p)).allMatch(k -> k == Kind.TENANT || k == Kind.PERIOD);
    }

    /** Each of the caller's tenants, with each period of the world where the route names one. */
    private static List<Map<String, String>> ownScopes(SweepWorld world, Route route, Caller caller) {
        List<Map<String, String>> scopes = new ArrayList<>();
        for (String tenant : caller.tenants()) {
            for (String label : route.params().stream().anyMatch(p -> Kind.of(route, p) == Kind.PERIOD)
                    ? List.of(world.label, world.closedLabel) : java.util.Collections.singletonList((String) null)) {
                Map<String, String> values = new LinkedHashMap<>();
                route.params().forEach(p -> values.put(p, Kind.of(route, p) == Kind.TENANT ? tenant : label));
                scopes.add(values);
            }
        }
        return scopes;
    }

    private void listOwn(SweepWorld world, Route route, Caller caller, Map<String, String> values) {
        String path = route.expand(values);
        Response response = given().redirects().follow(false).urlEncodingEnabled(false).auth().oauth2(DevTokens.of(caller.username()))
                .get(path);
        requests++;
        String what = caller.username() + " GET " + path + " [" + route.resource().getSimpleName() + "#" + route.method().getName() + "]";
        if (response.statusCode() >= 500) {
            failures.add(what + ": answered " + response.statusCode() + " " + excerpt(response.asString()));
            return;
        }
        String body = response.asString();
        // what a list could hold of someone else: their filings, members or CMO (the organisations a CMO licenses
        // are named on its own pages, so their names are not counted here)
        for (String text : world.forbiddenText(caller, Set.of(Kind.FILING, Kind.MEMBER, Kind.TENANT))) {
            if (body.contains(text) || body.contains(org.cmoportal.security.Escape.html(text))) {
                failures.add(what + ": the caller's own list shows '" + text + "'");
            }
        }
    }

    /** A body of the route's own type, and for a page the CSRF cookie and header, so only access decides. */
    private static void body(Route route, RequestSpecification request) {
        List<String> consumes = route.consumes().stream().map(MediaType::toString).collect(Collectors.toList());
        if (!route.isApi()) {
            request.cookie("csrf-token", DevTokens.CSRF).header("X-CSRF-TOKEN", DevTokens.CSRF);
        }
        if (consumes.stream().anyMatch(c -> c.startsWith(MediaType.MULTIPART_FORM_DATA))) {
            request.multiPart("filing", "filing.json", "{}".getBytes(), "application/json")
                    .multiPart("usage", "usage.csv", "category,member_ref,units\n".getBytes(), "text/csv");
            if (!route.isApi()) {
                request.multiPart("csrf-token", DevTokens.CSRF);
            }
        } else if (consumes.stream().anyMatch(c -> c.startsWith(MediaType.APPLICATION_FORM_URLENCODED))) {
            request.contentType(MediaType.APPLICATION_FORM_URLENCODED).formParam("csrf-token", DevTokens.CSRF).formParam("sweep", "1");
        } else {
            request.contentType(MediaType.APPLICATION_JSON).body("{}");
        }
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
