package org.cmoportal.member;

/** A member to add (api.md {@code POST /members}): ref, name and, if they will log in, their username. */
public record NewMember(String ref, String name, String username) {
}
