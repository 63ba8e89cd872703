package org.cmoportal.security;

/** The HTML escaping Qute applies, so a test can look for a value as a page would show it. */
final class Escape {

    private Escape() {
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
