package org.cmoportal.error;

import java.util.List;

/**
 * A refusal a person can act on. It carries a kind (mapped to an HTTP status in one place,
 * {@code web.ErrorMapper}), a stable code for programs and every problem found.
 */
public class DomainException extends RuntimeException {

    /** What kind of refusal, each with its HTTP status. */
    public enum Kind {
        NOT_FOUND(404), FORBIDDEN(403), CONFLICT(409), INVALID(422), TOO_LARGE(413), OUT_OF_TIME(503);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final String code;
    private final List<Problem> problems;

    public DomainException(Kind kind, String code, String message, List<Problem> problems) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public DomainException(Kind kind, String code, String message) {
        this(kind, code, message, List.of());
    }

    /** The answer for anything the caller may not see, whether or not it exists. */
    public static DomainException notFound(String what) {
        return new DomainException(Kind.NOT_FOUND, "not-found", what + " was not found, or you do not have access to it.");
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(Kind.CONFLICT, code, message);
    }

    public static DomainException invalid(List<Problem> problems) {
        String summary = problems.size() == 1 ? problems.get(0).where() + ": " + problems.get(0).message()
                : problems.size() + " problems were found; each is listed with where it is and what to do.";
        return new DomainException(Kind.INVALID, "invalid", summary, problems);
    }

    public static DomainException invalid(String where, String message) {
        return invalid(List.of(new Problem(where, message)));
    }

    /** A transaction ran out of its time and was rolled back: the request can be repeated, or made smaller. */
    public static DomainException outOfTime() {
        return new DomainException(Kind.OUT_OF_TIME, "timeout", "This took longer than the time allowed, so it was stopped"
                + " and nothing was saved. Try again when the portal is less busy; a large file goes through as several"
                + " smaller ones.");
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }
}
