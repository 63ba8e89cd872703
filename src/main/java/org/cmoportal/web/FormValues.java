package org.cmoportal.web;

/** Helpers for re-rendering a form with what the person typed. */
public final class FormValues {

    private FormValues() {
    }

    /** A field as typed, or empty when it was not sent: templates show it back in the input. */
    public static String typed(String value) {
        return value == null ? "" : value;
    }
}
