package org.cmoportal.statement;

/** One step of a calculation trail: what is computed, the working with its figures, the result, and a note. */
public record TrailStep(String label, String working, String result, String note) {
}
