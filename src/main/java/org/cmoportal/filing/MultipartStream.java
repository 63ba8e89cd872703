package org.cmoportal.filing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.cmoportal.error.DomainException;

/**
 * A {@code multipart/form-data} body (RFC 7578) read part by part as it arrives, never stored: each part's content
 * is a stream that ends where the next boundary begins. Used for the filing API, whose usage part can be gigabytes:
 * reading it straight from the request spares writing it to disk and reading it back.
 */
final class MultipartStream {

    /** Where a malformed body is reported. */
    static final String WHERE = "request";
    private static final int BUFFER = 1 << 18;
    private static final int MAX_HEADERS = 16 * 1024;

    /** One part: its form name, its file name (null when it is a plain field) and its declared type. */
    record Part(String name, String fileName, String contentType, InputStream content) {
    }

    private final InputStream in;
    /** CR LF -- boundary: what ends a part's content. */
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean finished;
    private PartContent current;

    MultipartStream(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary named by a {@code multipart/form-data} content type, or a 422 saying what to send. */
    static String boundary(String contentType) {
        if (contentType != null) {
            String[] params = contentType.split(";");
            if (params[0].trim().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].trim();
                    int eq = p.indexOf('=');
                    if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                        String value = unquote(p.substring(eq + 1).trim());
                        if (!value.isEmpty() && value.length() <= 70) {
                            return value;
                        }
                    }
                }
            }
        }
        throw malformed("the body must be multipart/form-data with a boundary, the parts filing (JSON) and usage (CSV),"
                + " as curl -F filing=@filing.json -F usage=@usage.csv sends them");
    }

    /** The next part, its headers read; null after the last one. What was left of the previous part is skipped. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.skip();
        }
        // after a boundary: "--" closes the body, otherwise (optional white space) CR LF and the part's headers
        if (!ensure(2)) {
            throw malformed("the body ends without its closing boundary; send the whole upload again");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            finished = true;
            current = null;
            return null;
        }
        while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw malformed("a boundary is not followed by a line end; send the body as a browser or curl -F does");
        }
        pos += 2;
        String name = null;
        String fileName = null;
        String type = null;
        int headerBytes = 0;
        for (String line; !(line = headerLine()).isEmpty();) {
            headerBytes += line.length() + 2;
            if (headerBytes > MAX_HEADERS) {
                throw malformed("a part's headers are longer than " + MAX_HEADERS + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                fileName = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        current = new PartContent();
        return new Part(name, fileName, type, current);
    }

    /** Reads and discards whatever is left of the body (the rest of a refused upload), so the answer reaches the sender. */
    void drain() throws IOException {
        pos = lim;
        byte[] sink = buf;
        while (in.read(sink, 0, sink.length) >= 0) {
            // discarded
        }
        eof = true;
    }

    private void skipPreamble() throws IOException {
        // the first boundary has no CR LF before it unless a preamble precedes it
        byte[] first = new byte[delimiter.length - 2];
        System.arraycopy(delimiter, 2, first, 0, first.length);
        if (ensure(first.length) && startsWith(pos, first)) {
            pos += first.length;
            return;
        }
        current = new PartContent(); // the preamble, skipped like a part
        current.skip();
    }

    private boolean startsWith(int at, byte[] prefix) {
        for (int k = 0; k < prefix.length; k++) {
            if (buf[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** A header line without its CR LF, as ISO-8859-1 (RFC 7578 allows UTF-8 in file names: decoded below). */
    private String headerLine() throws IOException {
        int start = pos;
        int i = pos;
        while (true) {
            if (i + 1 >= lim) {
                int consumed = i - start;
                if (lim - start >= MAX_HEADERS) {
                    throw malformed("a part's headers are longer than " + MAX_HEADERS + " bytes");
                }
                pos = start;
                if (!fill()) {
                    throw malformed("the body ends inside a part's headers; send the whole upload again");
                }
                start = pos;
                i = start + consumed;
                continue;
            }
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
                pos = i + 2;
                return line;
            }
            i++;
        }
    }

    /** Makes at least {@code n} unread bytes available; false when the body ends first. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Moves the unread bytes to the front and reads more; false at the end of the body. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** The content of the current part: everything up to the next delimiter. */
    private final class PartContent extends InputStream {

        /** Unread content ends here; when {@link #atDelimiter}, the delimiter starts here. */
        private int end = -1;
        private boolean atDelimiter;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!available(true)) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skip() throws IOException {
            while (available(true)) {
                pos = end;
            }
        }

        /**
         * Makes content available from {@code pos} up to {@code end}; false when the part has ended (the delimiter
         * is then consumed).
         */
        private boolean available(boolean wait) throws IOException {
            if (done) {
                return false;
            }
            while (true) {
                if (end > pos) {
                    return true;
                }
                if (atDelimiter && end == pos) {
                    pos += delimiter.length;
                    done = true;
                    return false;
                }
                scan();
                if (end > pos || atDelimiter) {
                    continue;
                }
                end = -1; // filling moves the unread bytes: scan them again
                if (!fill()) {
                    throw malformed("the body ends inside a part, without its closing boundary; send the whole upload again");
                }
            }
        }

        /**
         * Finds where the content that is surely not part of a delimiter ends: at a whole delimiter, or where the
         * unread bytes end with the start of one (more must be read to tell).
         */
        private void scan() {
            byte first = delimiter[0];
            int last = lim - delimiter.length;
            int i = pos;
            for (; i <= last; i++) {
                if (buf[i] == first && matches(i, delimiter.length)) {
                    end = i;
                    atDelimiter = true;
                    return;
                }
            }
            for (; i < lim; i++) {
                if (buf[i] == first && matches(i, lim - i)) {
                    break; // the delimiter may start here: wait for more bytes
                }
            }
            end = i;
            atDelimiter = false;
        }

        private boolean matches(int at, int length) {
            for (int k = 1; k < length; k++) {
                if (buf[at + k] != delimiter[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String parameter(String header, String name) {
        // form-data; name="usage"; filename="usage.csv": parameters separated by ';', values quoted or not
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(i + 1, eq).trim();
            int valueStart = eq + 1;
            while (valueStart < header.length() && header.charAt(valueStart) == ' ') {
                valueStart++;
            }
            String value;
            int next;
            if (valueStart < header.length() && header.charAt(valueStart) == '"') {
                StringBuilder v = new StringBuilder();
                int k = valueStart + 1;
                for (; k < header.length() && header.charAt(k) != '"'; k++) {
                    char c = header.charAt(k);
                    if (c == '\\' && k + 1 < header.length()) {
                        c = header.charAt(++k);
                    }
                    v.append(c);
                }
                value = v.toString();
                next = header.indexOf(';', k);
            } else {
                next = header.indexOf(';', valueStart);
                value = header.substring(valueStart, next < 0 ? header.length() : next).trim();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = next;
        }
        return null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    static DomainException malformed(String message) {
        return DomainException.invalid(WHERE, message);
    }
}
