package org.cmoportal.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.StartupEvent;

/** Shows the page of a refused form again ({@link ReshowOnRefusal}), for {@link ErrorMapper}. */
@ApplicationScoped
public class RefusedForms {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");

    /** What the person can fix on the form; not found, not allowed and out of time stay error pages. */
    private static final Set<DomainException.Kind> FIXABLE = EnumSet.of(DomainException.Kind.INVALID,
            DomainException.Kind.CONFLICT, DomainException.Kind.TOO_LARGE);

    @Inject
    @All
    List<InstanceHandle<FormPage>> pages;

    private final Map<String, FormPage> byForm = new HashMap<>();

    /**
     * Every form has exactly one page, checked at start-up: a misspelt name would otherwise turn a form's refusal
     * into an error page, and only for the person who met it.
     */
    void index(@Observes StartupEvent start, BeanManager beans) {
        for (InstanceHandle<FormPage> page : pages) {
            Class<?> type = page.getBean().getBeanClass();
            HoldsForms holds = type.getAnnotation(HoldsForms.class);
            if (holds == null) {
                throw new IllegalStateException(type.getName() + " is a FormPage but names no form (@HoldsForms)");
            }
            for (String form : holds.value()) {
                if (byForm.putIfAbsent(form, page.get()) != null) {
                    throw new IllegalStateException("Two pages hold the form '" + form + "'");
                }
            }
        }
        List<String> orphans = new ArrayList<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            for (Method m : bean.getBeanClass().getDeclaredMethods()) {
                ReshowOnRefusal reshow = m.getAnnotation(ReshowOnRefusal.class);
                if (reshow != null && !byForm.containsKey(reshow.value())) {
                    orphans.add(bean.getBeanClass().getSimpleName() + "#" + m.getName() + " ('" + reshow.value() + "')");
                }
            }
        }
        if (!orphans.isEmpty()) {
            throw new IllegalStateException("No page holds the form of " + String.join(", ", orphans));
        }
    }

    /**
     * The page of the form the request came from, shown again with the refusal's status, when the method names a
     * form and the person can fix what was refused; empty otherwise (the caller shows an error page).
     */
    Optional<Response> showAgain(DomainException e, ResourceInfo resource, ContainerRequestContext request) {
        Method method = resource == null ? null : resource.getResourceMethod();
        ReshowOnRefusal reshow = method == null ? null : method.getAnnotation(ReshowOnRefusal.class);
        if (reshow == null || !FIXABLE.contains(e.kind())) {
            return Optional.empty();
        }
        Map<String, String> path = new LinkedHashMap<>();
        request.getUriInfo().getPathParameters().forEach((k, v) -> path.put(k, v.get(0)));
        List<Problem> problems = e.problems().isEmpty() ? List.of(new Problem(where(reshow.where(), path), e.getMessage()))
                : e.problems();
        Refusal refusal = new Refusal(reshow.value(), problems, typed(request), path);
        TemplateInstance page;
        try {
            page = byForm.get(reshow.value()).showAgain(refusal);
        } catch (DomainException gone) {
            return Optional.empty(); // the page cannot be shown (what it shows is gone): the refusal's error page says it
        }
        return Optional.of(Response.status(e.kind().status).type(MediaType.TEXT_HTML_TYPE).entity(page).build());
    }

    private static String where(String where, Map<String, String> path) {
        Matcher m = PATH_PARAM.matcher(where);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(path.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    /**
     * The text fields of the form as sent (uploaded files left out). They are read from Quarkus REST's parsed form,
     * as its CSRF filter reads its token: the method that was refused has no way to hand them over.
     */
    private static Map<String, List<String>> typed(ContainerRequestContext request) {
        FormData form = request instanceof ResteasyReactiveContainerRequestContext rr
                && rr.getServerRequestContext() instanceof ResteasyReactiveRequestContext context ? context.getFormData() : null;
        Map<String, List<String>> typed = new LinkedHashMap<>();
        if (form != null) {
            for (String name : form) {
                List<String> values = form.get(name).stream().filter(v -> !v.isFileItem()).map(FormValue::getValue).toList();
                if (!values.isEmpty()) {
                    typed.put(name, values);
                }
            }
        }
        return typed;
    }
}
