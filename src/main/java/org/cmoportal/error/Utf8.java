package org.cmoportal.error;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for every file people upload: a byte that is not UTF-8 is refused with the line it is on, never
 * replaced by a question mark that would then be stored as part of a name or a ref.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The index of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong forms, no
     * surrogates, nothing above U+10FFFF), or -1 when the range is valid.
     */
    public static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + need >= to) { // the sequence is cut off
                return i;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }

    /** What to tell the person when byte {@code value} at {@code position} (from 1) of a line is not UTF-8. */
    public static String notUtf8(int value, long position) {
        return "the line is not valid UTF-8 (byte 0x" + String.format("%02X", value & 0xFF) + " at byte " + position
                + " of the line); save the file as UTF-8";
    }

    /**
     * Reads {@code in} as strict UTF-8. The first byte that is not UTF-8 ends the reading with {@link NotUtf8},
     * which names the line ({@code file line n}, lines counted as CSV readers count them: LF, CR LF or a lone CR).
     */
    public static Reader reader(InputStream in, String file) {
        return new StrictReader(in, file);
    }

    /** A file is not UTF-8 at {@link #problem()}. */
    public static final class NotUtf8 extends IOException {

        private final transient Problem problem;

        NotUtf8(Problem problem) {
            super(problem.where() + ": " + problem.message());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private static final class StrictReader extends Reader {

        private final InputStream in;
        private final String file;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
        /** The second half of a surrogate pair decoded for a caller that asked for one char. */
        private final CharBuffer spill = CharBuffer.allocate(2).flip();
        private boolean eof;
        private boolean flushed;
        private long offset;
        private long line = 1;
        private long lineStart;
        private boolean afterCr;

        StrictReader(InputStream in, String file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public int read(char[] target, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (spill.hasRemaining()) {
                target[off] = spill.get();
                return 1;
            }
            CharBuffer out = CharBuffer.wrap(target, off, len);
            while (true) {
                int from = bytes.position();
                CoderResult result = decoder.decode(bytes, len == 1 ? spill.clear() : out, eof);
                if (len == 1) {
                    spill.flip();
                    if (spill.hasRemaining()) {
                        out.put(spill.get());
                    }
                }
                count(from, bytes.position());
                if (result.isError()) {
                    throw new NotUtf8(new Problem(file + " line " + line, notUtf8(bytes.get(bytes.position()), offset - lineStart + 1)));
                }
                if (out.position() > off) {
                    return out.position() - off;
                }
                if (eof) {
                    if (!flushed) {
                        flushed = true;
                        decoder.flush(out);
                        if (out.position() > off) {
                            return out.position() - off;
                        }
                    }
                    return -1;
                }
                fill();
            }
        }

        private void fill() throws IOException {
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }

        /** Moves the line count over the bytes just decoded. */
        private void count(int from, int to) {
            byte[] b = bytes.array();
            for (int i = from; i < to; i++) {
                offset++;
                if (b[i] == '\n') {
                    if (!afterCr) {
                        line++;
                    }
                    lineStart = offset;
                    afterCr = false;
                } else if (b[i] == '\r') {
                    line++;
                    lineStart = offset;
                    afterCr = true;
                } else {
                    afterCr = false;
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
