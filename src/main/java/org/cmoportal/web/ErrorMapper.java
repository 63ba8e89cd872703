package org.cmoportal.web;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.error.UniqueKeys;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;

/**
 * The one place where refusals become HTTP: {@code application/problem+json} for the API, a page that
 * says what to do for people, or the page of the refused form again ({@link ReshowOnRefusal}). Unexpected
 * exceptions are logged and shown as an error number, never as a stack trace.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private static final AtomicInteger ERROR_IDS = new AtomicInteger();

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String message, List<Problem> problems);

        /** The page for a database fault: no layout, whose navigation reads the database that may be away. */
        static native TemplateInstance unavailable(int status, String title, String message);
    }

    /** Seconds a client should wait before repeating a request the database could not serve: a restart's length. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    RefusedForms forms;

    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri, ResourceInfo resource, ContainerRequestContext request) {
        if (!isApi(uri)) {
            Optional<Response> page = forms.showAgain(e, resource, request);
            if (page.isPresent()) {
                return page.get();
            }
        }
        return respond(uri, e.kind().status, e.code(), e.getMessage(), e.problems());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(uri, 403, "forbidden", "Your role does not allow this. Sign in with an account that has the right role.", List.of());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(uri, 404, "not-found", "There is nothing at this address. Check the link, or go back to your home page.", List.of());
    }

    /** Someone else changed the same object first (two administrators at once): nothing was changed. */
    @ServerExceptionMapper
    public Response concurrentChange(OptimisticLockException e, UriInfo uri) {
        return respond(uri, 409, "concurrent-change",
                "Someone else changed this at the same moment and their change was kept. Reload the page to see it.", List.of());
    }

    /**
     * Anything unexpected: logged in full with an error number, shown to people and programs as that number
     * and what to do, never as a stack trace, class name or SQL (also in dev and test, where Quarkus would).
     * Exceptions that already carry an HTTP answer (405, 415, a malformed body) keep it.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri, ResourceInfo resource, ContainerRequestContext request) {
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            return w.getResponse();
        }
        Optional<DatabaseFaults.Fault> fault = DatabaseFaults.of(e);
        if (fault.isPresent()) {
            return databaseFault(fault.get(), e, uri);
        }
        // a domain key taken by a concurrent writer that no service guarded: still a conflict, not our error
        Optional<DomainException> taken = UniqueKeys.refusal(e);
        if (taken.isPresent()) {
            LOG.infof("Unique key taken on %s: %s", uri.getPath(), taken.get().code());
            return domain(taken.get(), uri, resource, request);
        }
        if (ranOutOfTime(e)) {
            LOG.warnf("A transaction ran out of time on %s: %s", uri.getPath(), e.getMessage());
            return domain(DomainException.outOfTime(), uri, resource, request);
        }
        String id = Long.toString(System.currentTimeMillis(), 36) + "-" + Integer.toString(ERROR_IDS.incrementAndGet(), 36);
        LOG.errorf(e, "Unexpected error %s on %s", id, uri.getPath());
        return respond(uri, 500, "internal-error", "Something went wrong on our side (error " + id + "). What you were saving"
                + " in this step was most likely not saved: check before you try again. If it happens again, tell the"
                + " platform operator the error number.", List.of());
    }

    /**
     * The database could not serve the request: a 503 with {@code Retry-After} while it is away (restarting,
     * unreachable, out of connections), a 507 when it has no space left to write. Either way the transaction was
     * rolled back, so nothing of the step was stored; the answer says so and never shows a stack trace.
     */
    static Response databaseFault(DatabaseFaults.Fault fault, Throwable e, UriInfo uri) {
        int status;
        String code;
        String title;
        String message;
        if (fault == DatabaseFaults.Fault.UNAVAILABLE) {
            LOG.warnf("The database could not serve %s: %s", uri.getPath(), rootMessage(e));
            status = 503;
            code = "unavailable";
            title = "Briefly unavailable";
            message = "The portal is briefly unavailable: its database is restarting or cannot be reached. Nothing was"
                    + " saved in this step. Try again in a few seconds.";
        } else {
            LOG.errorf("The database has no space left for %s: %s", uri.getPath(), rootMessage(e));
            status = 507;
            code = "storage-full";
            title = "No space left to store this";
            message = "The portal has no space left to store this right now, so nothing of it was stored. Try again"
                    + " later; if it happens again, tell the platform operator.";
        }
        Response.ResponseBuilder response;
        if (isApi(uri)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "urn:cmo-portal:problem:" + code);
            body.put("title", title);
            body.put("status", status);
            body.put("code", code);
            body.put("detail", message);
            body.put("errors", List.of());
            response = Response.status(status).type(PROBLEM_JSON).entity(body);
        } else {
            response = Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.unavailable(status, title, message));
        }
        if (status == 503) {
            response.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        // the request's body may be unread still (an upload refused mid-way): do not read the rest of it
        return response.header("Connection", "close").build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 50; depth++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean isApi(UriInfo uri) {
        return uri.getPath().startsWith("/api/");
    }

    /**
     * Whether a transaction's timeout ended the work: Hibernate gives each statement the time its transaction has
     * left, and PostgreSQL cancels a statement that outlasts it (SQLSTATE 57014, also for {@code statement_timeout}).
     */
    static boolean ranOutOfTime(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QueryTimeoutException || t instanceof SQLException s && "57014".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static Response respond(UriInfo uri, int status, String code, String message, List<Problem> problems) {
        if (isApi(uri)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "urn:cmo-portal:problem:" + code);
            body.put("title", title(status));
            body.put("status", status);
            body.put("code", code);
            body.put("detail", message);
            body.put("errors", problems);
            return closingWhenTooLarge(Response.status(status).type(PROBLEM_JSON).entity(body), status).build();
        }
        return closingWhenTooLarge(Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title(status), message, problems)), status).build();
    }

    /** A body refused for its size may be unread still: closing the connection is the one way not to read the rest. */
    private static Response.ResponseBuilder closingWhenTooLarge(Response.ResponseBuilder response, int status) {
        return status == 413 ? response.header("Connection", "close") : response;
    }

    static String title(int status) {
        return switch (status) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Not possible right now";
            case 413 -> "Too large";
            case 422 -> "Please correct the input";
            case 503 -> "Stopped: it took too long";
            case 507 -> "No space left to store this";
            default -> "Something went wrong";
        };
    }
}
