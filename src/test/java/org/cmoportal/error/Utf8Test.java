package org.cmoportal.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The strict reader: decodes what is UTF-8 and names the line and byte of what is not, wherever it falls. */
class Utf8Test {

    @Test
    void textIsDecodedWhateverTheCallerAsksFor() throws IOException {
        String text = "ref,name\nzo\u00eb,Zo\u00eb \ud83c\udfb5\r\n\u4e2d,\u6587\n";
        assertThat(readAll(text.getBytes(StandardCharsets.UTF_8), 8192)).isEqualTo(text);
        // one char at a time: a character outside the BMP is two chars, handed out one by one
        assertThat(readAll(text.getBytes(StandardCharsets.UTF_8), 1)).isEqualTo(text);
    }

    @Test
    void aBadByteIsLocatedByLineAndPositionAcrossReadBuffers() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            file.writeBytes(("m" + i + ",Member " + i + "\n").getBytes(StandardCharsets.UTF_8)); // well past 64 KB
        }
        file.writeBytes("m-last,Jos".getBytes(StandardCharsets.UTF_8));
        file.write(0xE9);
        file.writeBytes(" Latin\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> readAll(file.toByteArray(), 8192)).isInstanceOfSatisfying(Utf8.NotUtf8.class, e -> {
            assertThat(e.problem().where()).isEqualTo("members.csv line 10001");
            assertThat(e.problem().message()).isEqualTo(Utf8.notUtf8(0xE9, 11)).contains("0xE9", "byte 11");
        });
    }

    @Test
    void linesEndWithLfCrLfOrALoneCrAsCsvReadersCountThem() {
        byte[] file = "a\r\nb\rc\nd\r\n\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> readAll(file, 3)).isInstanceOfSatisfying(Utf8.NotUtf8.class,
                e -> assertThat(e.problem().where()).isEqualTo("members.csv line 5"));
    }

    @Test
    void aSequenceCutOffAtTheEndIsNotUtf8() {
        byte[] file = {'a', '\n', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> readAll(file, 100)).isInstanceOfSatisfying(Utf8.NotUtf8.class, e -> {
            assertThat(e.problem().where()).isEqualTo("members.csv line 2");
            assertThat(e.problem().message()).contains("0xE2", "byte 1 ");
        });
    }

    private static String readAll(byte[] bytes, int chunk) throws IOException {
        StringWriter out = new StringWriter();
        try (Reader r = Utf8.reader(new ByteArrayInputStream(bytes), "members.csv")) {
            char[] buf = new char[chunk];
            int n;
            while ((n = r.read(buf, 0, chunk)) >= 0) {
                out.write(buf, 0, n);
            }
        }
        return out.toString();
    }
}
