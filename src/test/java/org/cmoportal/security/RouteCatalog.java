package org.cmoportal.security;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;
import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

import io.quarkus.arc.Arc;
import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.security.Authenticated;

/**
 * Every route the running application serves, read from Quarkus REST's own routing tables (not a
 * hand-kept list), with the access annotations of the Java method behind it.
 */
final class RouteCatalog {

    /** Who a route admits before it looks at any object: its annotations, method first, then class. */
    record Access(List<Party> parties, List<String> roles, boolean authenticated, boolean permitAll) {

        boolean isTenantRoute() {
            return !parties.isEmpty();
        }

        /** The roles that pass the role check, or empty when any signed-in person does. */
        Set<String> allowedRoles() {
            Set<String> allowed = new LinkedHashSet<>(roles);
            parties.forEach(p -> allowed.add(p.role));
            return allowed;
        }
    }

    /** One HTTP method on one path template, e.g. {@code GET /t/{tenant}/statements/{id: \d+}}. */
    record Route(String httpMethod, String template, Class<?> resource, Method method, List<String> params,
            List<MediaType> consumes, Access access) {

        boolean isApi() {
            return template.startsWith("/api/");
        }

        boolean changesState() {
            return !httpMethod.equals("GET") && !httpMethod.equals("HEAD");
        }

        /** The path with each parameter replaced by the given value (values are URL-safe by construction). */
        String expand(Map<String, String> values) {
            Matcher m = PARAM.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("no value for {" + m.group(1) + "} in " + this);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return httpMethod + " " + template + " (" + resource.getSimpleName() + "#" + method.getName() + ")";
        }
    }

    /** A path parameter: its name and an optional regular expression, which may itself contain braces. */
    static final Pattern PARAM = Pattern.compile("\\{\\s*([A-Za-z][\\w.-]*)\\s*(?::((?:[^{}]|\\{[^{}]*\\})*))?\\}");

    private RouteCatalog() {
    }

    /**
     * Every resource method of the application: the JAX-RS methods of every bean class Quarkus registered,
     * checked against Quarkus REST's runtime routing table, so a route the table serves and no
     * annotated method explains fails the catalog instead of escaping the sweep.
     */
    static List<Route> discover() {
        Set<String> served = served();
        List<Route> routes = new ArrayList<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type.isAnnotationPresent(Path.class) && type.getName().startsWith("org.cmoportal.") && seen.add(type)) {
                for (Method m : type.getMethods()) {
                    String httpMethod = httpMethod(m);
                    if (httpMethod != null || m.isAnnotationPresent(Path.class)) {
                        routes.add(route(type, m, httpMethod == null ? "LOCATOR" : httpMethod));
                    }
                }
            }
        }
        Set<String> explained = new LinkedHashSet<>();
        routes.forEach(r -> explained.add(r.httpMethod() + " " + normalise(r.template())));
        Set<String> unexplained = new TreeSet<>(served);
        unexplained.removeAll(explained);
        if (!unexplained.isEmpty()) {
            throw new IllegalStateException("Quarkus REST serves routes no annotated bean method explains: " + unexplained);
        }
        routes.removeIf(r -> !served.contains(r.httpMethod() + " " + normalise(r.template())) && !r.httpMethod().equals("LOCATOR"));
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::httpMethod));
        return routes;
    }

    /** "GET /t/{tenant}/statements/{id}" for every method and path in Quarkus REST's routing table. */
    private static Set<String> served() {
        Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        if (deployment == null) {
            throw new IllegalStateException("Quarkus REST has no deployment: is this a @QuarkusTest?");
        }
        Set<String> served = new TreeSet<>();
        for (RequestMapper.RequestPath<RestInitialHandler.InitialMatch> classPath : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classPath.value.handlers) {
                if (handler instanceof ClassRoutingHandler routing) {
                    routing.getMappers().forEach((httpMethod, mapper) -> {
                        for (RequestMapper.RequestPath<RuntimeResource> path : mapper.getTemplates()) {
                            String method = path.value.getPath() == null ? "" : path.value.getPath().template;
                            served.add(httpMethod + " " + normalise(join(classPath.template.template, method)));
                        }
                    });
                }
            }
        }
        if (served.isEmpty()) {
            throw new IllegalStateException("Quarkus REST's routing table is empty");
        }
        return served;
    }

    /** A template with parameter expressions and spaces dropped: {@code {id: \\d+}} becomes {@code {id}}. */
    static String normalise(String template) {
        return PARAM.matcher(template).replaceAll(m -> "{" + Matcher.quoteReplacement(m.group(1)) + "}");
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static Route route(Class<?> type, Method method, String httpMethod) {
        Path onMethod = method.getAnnotation(Path.class);
        String template = join(type.getAnnotation(Path.class).value(), onMethod == null ? "" : onMethod.value());
        List<String> params = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            params.add(m.group(1));
        }
        Consumes consumes = method.getAnnotation(Consumes.class) != null ? method.getAnnotation(Consumes.class)
                : type.getAnnotation(Consumes.class);
        List<MediaType> types = consumes == null ? List.of()
                : Arrays.stream(consumes.value()).map(MediaType::valueOf).toList();
        return new Route(httpMethod, template, type, method, List.copyOf(params), types, access(method, type));
    }

    private static String join(String classTemplate, String methodTemplate) {
        String joined = (classTemplate + "/" + methodTemplate).replaceAll("/{2,}", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined.startsWith("/") ? joined : "/" + joined;
    }

    private static Access access(Method method, Class<?> type) {
        TenantAccess tenant = find(method, type, TenantAccess.class);
        RolesAllowed roles = find(method, type, RolesAllowed.class);
        return new Access(tenant == null ? List.of() : List.of(tenant.value()),
                roles == null ? List.of() : List.of(roles.value()),
                find(method, type, Authenticated.class) != null,
                find(method, type, PermitAll.class) != null);
    }

    private static <A extends Annotation> A find(Method method, Class<?> type, Class<A> annotation) {
        A onMethod = method.getAnnotation(annotation);
        return onMethod != null ? onMethod : type.getAnnotation(annotation);
    }
}
