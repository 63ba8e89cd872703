package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cmoportal.error.DomainException;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The request body read part by part as it arrives, however the bytes are cut on the way. */
class MultipartStreamTest {

    static final String BOUNDARY = "----cmo7MA4YWxkTrZu0gW";

    record Sent(String name, String fileName, byte[] content) {
    }

    static byte[] body(List<Sent> parts, String preamble) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
        for (Sent p : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"") + "\r\nContent-Type: text/csv\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Hands the bytes over in pieces of random sizes, as a network does. */
    static InputStream chopped(byte[] bytes, long seed) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 7 : 70_000)));
            }
        };
    }

    static List<Sent> received(InputStream in) throws IOException {
        MultipartStream m = new MultipartStream(in, BOUNDARY);
        List<Sent> parts = new ArrayList<>();
        for (MultipartStream.Part p; (p = m.next()) != null;) {
            parts.add(new Sent(p.name(), p.fileName(), p.content().readAllBytes()));
        }
        return parts;
    }

    /** Contents full of what a delimiter is made of: line ends, dashes and most of the boundary itself. */
    @Provide
    Arbitrary<List<Sent>> parts() {
        Arbitrary<String> piece = Arbitraries.of("\r", "\n", "\r\n", "-", "--", "\r\n--", "\r\n--" + BOUNDARY.substring(0, 10),
                "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1), "--" + BOUNDARY, "news,alice,3", "zoë", "x".repeat(3000));
        // a sender chooses a boundary its contents do not hold: only the whole delimiter is left out
        Arbitrary<byte[]> content = piece.list().ofMaxSize(40).map(p -> String.join("", p))
                .filter(text -> !text.contains("\r\n--" + BOUNDARY)).map(text -> text.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(Arbitraries.of("filing", "usage", "other"), Arbitraries.of("usage.csv", "a \"quoted\" name.csv", null), content)
                .as((name, file, bytes) -> new Sent(name, file == null ? null : file.replace("\"", ""), bytes)).list().ofMaxSize(4);
    }

    @Property(tries = 500)
    void everyPartComesOutAsItWentIn(@ForAll("parts") List<Sent> parts, @ForAll long seed, @ForAll boolean preamble) throws IOException {
        List<Sent> got = received(chopped(body(parts, preamble ? "a preamble line\r\n" : ""), seed));
        assertThat(got).hasSameSizeAs(parts);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(got.get(i).name()).isEqualTo(parts.get(i).name());
            assertThat(got.get(i).fileName()).isEqualTo(parts.get(i).fileName());
            assertThat(got.get(i).content()).isEqualTo(parts.get(i).content());
        }
    }

    @Test
    void anUnreadPartIsSkipped() throws IOException {
        byte[] big = "news,alice,1\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        MultipartStream m = new MultipartStream(chopped(body(List.of(new Sent("usage", "u.csv", big), new Sent("filing", "f.json",
                "{}".getBytes(StandardCharsets.UTF_8))), ""), 3), BOUNDARY);
        assertThat(m.next().name()).isEqualTo("usage");
        MultipartStream.Part filing = m.next();
        assertThat(filing.name()).isEqualTo("filing");
        assertThat(filing.content().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(m.next()).isNull();
    }

    @Test
    void aBodyCutShortIsRefusedAtTheRequest() {
        byte[] whole = body(List.of(new Sent("usage", "u.csv", "category,member_ref,units\nnews,alice,1\n".getBytes(StandardCharsets.UTF_8))), "");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);
        assertThatThrownBy(() -> received(new ByteArrayInputStream(cut))).isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).problems()).singleElement()
                        .satisfies(p -> assertThat(p.where()).isEqualTo("request")));
    }

    @Test
    void theBoundaryIsTakenFromTheContentType() {
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartStream.boundary("Multipart/Form-Data;charset=UTF-8; BOUNDARY=\"a b:c\"")).isEqualTo("a b:c");
        assertThatThrownBy(() -> MultipartStream.boundary("multipart/form-data")).isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).problems().get(0).message()).contains("curl -F"));
        assertThatThrownBy(() -> MultipartStream.boundary(null)).isInstanceOf(DomainException.class);
    }
}
