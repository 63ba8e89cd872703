package org.cmoportal.period;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PostgreSQL COPY's text format, both ways: fields split by tabs, rows ended by a newline, {@code \N} for null, and a
 * backslash escaping itself and the control characters. Member refs and category keys hold no control characters
 * (the intake refuses them), but a ref may hold a backslash.
 */
final class CopyText {

    private CopyText() {
    }

    /** Where each field of a row starts and ends ({@code \n} excluded), found once per row. */
    static final class Row {
        byte[] bytes;
        final int[] start;
        final int[] end;

        Row(int fields) {
            start = new int[fields];
            end = new int[fields];
        }

        /** Takes the next row; throws if it does not have exactly the expected number of fields. */
        Row of(byte[] row) {
            bytes = row;
            int length = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
            int field = 0;
            start[0] = 0;
            for (int i = 0; i < length; i++) {
                if (row[i] == '\t') {
                    if (field + 1 == start.length) {
                        throw new IllegalStateException("a COPY row with more than " + start.length + " fields");
                    }
                    end[field++] = i;
                    start[field] = i + 1;
                }
            }
            if (field + 1 != start.length) {
                throw new IllegalStateException("a COPY row with " + (field + 1) + " fields, not " + start.length);
            }
            end[field] = length;
            return this;
        }

        long number(int field) {
            long value = 0;
            boolean negative = bytes[start[field]] == '-';
            for (int i = negative ? start[field] + 1 : start[field]; i < end[field]; i++) {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw new IllegalStateException("not a number in a COPY row: " + text(field));
                }
                value = Math.multiplyExact(value, 10) + digit;
            }
            return negative ? -value : value;
        }

        boolean bool(int field) {
            return bytes[start[field]] == 't';
        }

        /** Whether the field holds exactly {@code text}'s bytes (no escapes: keys of lower-case letters and digits). */
        boolean is(int field, byte[] text) {
            return text != null && Arrays.equals(bytes, start[field], end[field], text, 0, text.length);
        }

        byte[] raw(int field) {
            return Arrays.copyOfRange(bytes, start[field], end[field]);
        }

        String text(int field) {
            int from = start[field];
            int to = end[field];
            for (int i = from; i < to; i++) {
                if (bytes[i] == '\\') {
                    return unescape(bytes, from, to);
                }
            }
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
    }

    private static String unescape(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < to) {
                byte e = b[++i];
                out[n++] = switch (e) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'v' -> 0x0B;
                    default -> e; // \\ and any other character stand for themselves
                };
            } else {
                out[n++] = c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Builds rows in a buffer and hands it on whenever it fills. */
    static final class Writer {
        static final int BATCH = 1 << 16;

        private final OutputStream out;
        private final byte[] buffer = new byte[BATCH + 1024];
        private int fill;
        private long handedOn;

        Writer(OutputStream out) {
            this.out = out;
        }

        /** Room for a field of up to {@code bytes} bytes. */
        private void room(int bytes) throws IOException {
            if (fill + bytes > buffer.length) {
                flush();
                if (bytes > buffer.length) {
                    throw new IllegalStateException("a COPY field of " + bytes + " bytes");
                }
            }
        }

        Writer raw(byte[] bytes) throws IOException {
            room(bytes.length + 1);
            System.arraycopy(bytes, 0, buffer, fill, bytes.length);
            fill += bytes.length;
            return this;
        }

        Writer raw(byte[] bytes, int from, int to) throws IOException {
            room(to - from + 1);
            System.arraycopy(bytes, from, buffer, fill, to - from);
            fill += to - from;
            return this;
        }

        Writer text(String text) throws IOException {
            room(3 * 2 * text.length() + 2);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> { buffer[fill++] = '\\'; buffer[fill++] = '\\'; }
                        case '\t' -> { buffer[fill++] = '\\'; buffer[fill++] = 't'; }
                        case '\n' -> { buffer[fill++] = '\\'; buffer[fill++] = 'n'; }
                        case '\r' -> { buffer[fill++] = '\\'; buffer[fill++] = 'r'; }
                        default -> buffer[fill++] = (byte) c;
                    }
                } else {
                    // the rare ref beyond ASCII: encode from here on by the JDK
                    byte[] rest = text.substring(i).replace("\\", "\\\\").getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(rest, 0, buffer, fill, rest.length);
                    fill += rest.length;
                    break;
                }
            }
            return this;
        }

        Writer nul() throws IOException {
            room(2);
            buffer[fill++] = '\\';
            buffer[fill++] = 'N';
            return this;
        }

        Writer bool(boolean value) throws IOException {
            room(1);
            buffer[fill++] = (byte) (value ? 't' : 'f');
            return this;
        }

        Writer number(long value) throws IOException {
            room(20);
            if (value < 0) {
                buffer[fill++] = '-';
                value = -value;
            }
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            int end = fill + digits;
            for (int i = end - 1; i >= fill; i--) {
                buffer[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            fill = end;
            return this;
        }

        Writer tab() throws IOException {
            room(1);
            buffer[fill++] = '\t';
            return this;
        }

        /** Ends the row; hands the buffer on once it holds a batch. */
        void end() throws IOException {
            room(1);
            buffer[fill++] = '\n';
            if (fill >= BATCH) {
                flush();
            }
        }

        /** How many bytes the rows so far take: where the next row starts in what is handed on. */
        long position() {
            return handedOn + fill;
        }

        void flush() throws IOException {
            if (fill > 0) {
                out.write(buffer, 0, fill);
                handedOn += fill;
                fill = 0;
            }
        }
    }
}
