package org.cmoportal.member;

import java.util.ArrayList;
import java.util.List;

import org.cmoportal.distribution.Keys;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;

/** A member to add (api.md {@code POST /members}): ref, name and, if they will log in, their username. */
public record NewMember(String ref, String name, String username) {

    static final int MAX_NAME = 200;
    static final int MAX_USERNAME = 200;

    /**
     * Everything wrong with this member as given, each problem at {@code at} and the field ({@code ref}, or
     * {@code members.csv line 3 ref} for a line of an import). Refs follow the one rule of economics.md, the
     * same that usage files and the engine apply ({@link Keys}); names are printable text.
     */
    List<Problem> problems(String at) {
        List<Problem> p = new ArrayList<>();
        String refProblem = Keys.memberRefProblem(ref);
        if (refProblem != null) {
            p.add(new Problem(field(at, "ref"), refProblem));
        }
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            p.add(new Problem(field(at, "name"), "Give the member's name (1 to " + MAX_NAME + " characters)."));
        } else {
            PrintableText.check(field(at, "name"), name).ifPresent(p::add);
        }
        if (username != null && username.length() > MAX_USERNAME) {
            p.add(new Problem(field(at, "username"), "The username is too long (" + MAX_USERNAME + " characters at most)."));
        }
        return p;
    }

    /** The member as stored: the name without white space at its edges, no username when none is given. */
    NewMember normalized() {
        return new NewMember(ref, name.strip(), username == null || username.isBlank() ? null : username.strip());
    }

    private static String field(String at, String field) {
        return at.isEmpty() ? field : at + " " + field;
    }
}
