package org.cmoportal.statement;

import io.quarkus.qute.TemplateExtension;

/**
 * The one wording that a statement's period was archived, its lines no longer kept: the statement page, its PDF and its
 * CSV say it in these words, each writing the day its own way (the page in a {@code <time>} in the reader's language,
 * the PDF in the reader's language, the CSV as its ISO day beside it). Templates read it as
 * {@code {archived:note(period, cmo)}}, and put the day between {@code beforeDay} and {@code afterDay}.
 *
 * @param beforeDay the sentence up to the day
 * @param afterDay the sentence after the day
 */
public record ArchivedLines(String beforeDay, String afterDay) {

    /** What the page and the PDF put before the sentence, in bold. */
    public static final String TITLE = "Archived.";

    /** The sentence for a statement of {@code period} at the CMO named {@code cmo}. */
    @TemplateExtension(namespace = "archived")
    public static ArchivedLines note(String period, String cmo) {
        return new ArchivedLines("The lines of " + period + " were archived on ",
                ": the total distributed to you stands, and your account keeps it; the lines themselves are no longer kept here. Ask "
                        + cmo + " for them if you need them.");
    }

    /** {@code {archived:title}}: see {@link #TITLE}. */
    @TemplateExtension(namespace = "archived")
    public static String title() {
        return TITLE;
    }

    /** The whole sentence with the day written as the output writes it. */
    public String on(String day) {
        return beforeDay + day + afterDay;
    }
}
