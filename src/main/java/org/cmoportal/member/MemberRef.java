package org.cmoportal.member;

import java.util.Optional;

/** The rules for a member ref (economics.md): compared exactly, so only its shape is checked. */
public final class MemberRef {

    public static final int MAX_LENGTH = 128;

    private MemberRef() {
    }

    /** What is wrong with the ref, if anything, in words that say what to do. */
    public static Optional<String> problem(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.of("The member ref is empty; give the ref the CMO knows the member by.");
        }
        if (ref.length() > MAX_LENGTH) {
            return Optional.of("The member ref has " + ref.length() + " characters; at most " + MAX_LENGTH + " are allowed.");
        }
        if (Character.isWhitespace(ref.charAt(0)) || Character.isWhitespace(ref.charAt(ref.length() - 1))) {
            return Optional.of("The member ref '" + ref + "' begins or ends with white space; remove it.");
        }
        if (ref.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("The member ref contains a control character; remove it.");
        }
        return Optional.empty();
    }
}
