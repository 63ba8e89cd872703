package org.cmoportal.statement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/** Renders an XHTML page (a Qute template written as XHTML) to PDF with openhtmltopdf on PDFBox. */
public final class PdfRenderer {

    private PdfRenderer() {
    }

    public static byte[] render(String xhtml, String title) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xmlCharactersOnly(xhtml), null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render the PDF of " + title, e);
        }
    }

    /**
     * The renderer parses the page as XML, and XML 1.0 forbids most control characters, the non-characters U+FFFE
     * and U+FFFF and unpaired surrogates: one in a name would fail the whole statement. Qute escapes markup but not
     * these, and names are refused with them at input, but a row stored before or written around the services must
     * still print. None of them has a glyph, so leaving them out prints what a screen shows.
     */
    static String xmlCharactersOnly(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean allowed = pair || c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
            if (!allowed && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (allowed && out != null) {
                out.append(c);
                if (pair) {
                    out.append(text.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }
}
