package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** What reaches the renderer's XML parser holds only characters XML 1.0 allows, and every such character is kept. */
class PdfRendererTest {

    @Test
    void aPageWithForbiddenCharactersRendersWithoutThem() throws Exception {
        String page = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Alice\u0001Archer\u000B\uFFFF \uD800 \uD835\uDC9C</p></body></html>";
        try (PDDocument doc = Loader.loadPDF(PdfRenderer.render(page, "a test page"))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("AliceArcher");
        }
    }

    @Property(tries = 5_000)
    void onlyXmlCharactersRemainAndAllOfThemDo(@ForAll String text) {
        String kept = PdfRenderer.xmlCharactersOnly(text);
        assertThat(kept.codePoints().allMatch(PdfRendererTest::xmlChar)).isTrue();
        assertThat(kept).isEqualTo(text.codePoints().filter(PdfRendererTest::xmlChar)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    /** XML 1.0's Char production, restated; a lone surrogate is a code point of its own and is not a Char. */
    private static boolean xmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD
                || cp >= 0x10000 && cp <= 0x10FFFF;
    }
}
