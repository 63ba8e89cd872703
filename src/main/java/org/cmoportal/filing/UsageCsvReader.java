package org.cmoportal.filing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.distribution.Keys;
import org.cmoportal.error.Problem;
import org.cmoportal.error.Utf8;

/**
 * Reads a usage report ({@code category,member_ref,units}, RFC 4180, UTF-8) in one pass over its bytes.
 *
 * <p>It checks every line, hashes the raw bytes, adds up units per category and hands each valid line to a
 * {@link Sink} for as long as no problem has been found; the caller discards what the sink received when the
 * result has problems. Memory stays bounded whatever the file size: one read buffer and one line. A byte-order
 * mark and CRLF line ends are accepted; blank lines are skipped.
 */
final class UsageCsvReader {

    static final String FILE = "usage.csv";
    static final List<String> HEADER = List.of("category", "member_ref", "units");
    /** A line longer than this is refused: a file without line ends must not fill the heap. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final int BUFFER = 1 << 20;

    /** Receives each valid line while the file has no problem; {@code category} indexes the administered keys. */
    interface Sink {
        void accept(int category, byte[] ref, int offset, int length, long units) throws IOException;
    }

    /** What the pass found: data lines, the file's SHA-256, units per administered category, the problems. */
    record Result(long lines, String sha256, Map<String, Long> unitsByCategory, List<Problem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final List<String> categories;
    private final byte[][] categoryBytes;
    private final String administeredBy;
    private final int maxListed;

    private final List<Problem> problems = new ArrayList<>();
    private long problemCount;
    private long[] units;
    private boolean[] overflowed;
    private long lines;
    private boolean headerSeen;
    private boolean stopped;
    private byte[] field = new byte[256];
    private final int bufferSize;
    /** Where the three fields of the line being checked are: their bytes, start and end. */
    private final byte[][] fieldSource = new byte[3][];
    private final int[] fieldStart = new int[3];
    private final int[] fieldEnd = new int[3];
    /** Whether the line {@link #plainLine} found holds only ASCII bytes. */
    private boolean plainAscii;

    /**
     * @param categories     the keys the tenant administers, the only ones allowed in the file
     * @param administeredBy the tenant's name, for messages
     * @param maxListed      how many problems to list before summarising the rest
     */
    UsageCsvReader(List<String> categories, String administeredBy, int maxListed) {
        this(categories, administeredBy, maxListed, BUFFER);
    }

    /** With a read buffer of {@code bufferSize} bytes: a small one makes lines cross buffers (tests). */
    UsageCsvReader(List<String> categories, String administeredBy, int maxListed, int bufferSize) {
        this.bufferSize = bufferSize;
        this.categories = List.copyOf(categories);
        this.categoryBytes = categories.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.administeredBy = administeredBy;
        this.maxListed = maxListed;
    }

    /** The keys the tenant administers; a line's category is its index here. */
    List<String> categories() {
        return categories;
    }

    Result read(InputStream in, Sink sink) throws IOException {
        MessageDigest sha = sha256();
        units = new long[categories.size()];
        overflowed = new boolean[categories.size()];
        byte[] buf = new byte[bufferSize];
        byte[] line = new byte[4096];
        int lineLength = 0;
        boolean inQuotes = false;
        boolean justClosed = false;
        boolean skipping = false;
        long physical = 1;
        long lineStart = 1;
        long total = 0;
        boolean first = true;
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            sha.update(buf, 0, n);
            total += n;
            int i = 0;
            if (first) {
                first = false;
                if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                    i = 3; // a byte-order mark: accepted, not part of the header
                    total -= 3;
                }
            }
            if (stopped) {
                break; // the file is refused; the rest of it changes nothing
            }
            for (; i < n; i++) {
                if (lineLength == 0 && !skipping) {
                    // The common line: whole in the buffer, no quote. Checked where it lies, without copying it.
                    int end = plainLine(buf, i, n);
                    if (end >= 0) {
                        endLine(buf, i, end - i, lineStart, sink, plainAscii);
                        physical++;
                        lineStart = physical;
                        i = end;
                        if (stopped) {
                            break;
                        }
                        continue;
                    }
                }
                byte b = buf[i];
                if (skipping) {
                    if (b == '\n') {
                        skipping = false;
                        physical++;
                        lineStart = physical;
                    }
                    continue;
                }
                if (b == '\n' && !inQuotes) {
                    endLine(line, 0, lineLength, lineStart, sink, false);
                    lineLength = 0;
                    justClosed = false;
                    physical++;
                    lineStart = physical;
                    if (stopped) {
                        break;
                    }
                    continue;
                }
                if (b == '"') {
                    // A quote opens a field only at its start (or doubled, right after the closing quote); one inside
                    // an unquoted field is reported when the line is split, not taken as the start of a new line.
                    if (inQuotes) {
                        inQuotes = false;
                        justClosed = true;
                    } else if (lineLength == 0 || line[lineLength - 1] == ',' || justClosed) {
                        inQuotes = true;
                        justClosed = false;
                    }
                } else {
                    justClosed = false;
                    if (b == '\n') {
                        physical++;
                    }
                }
                if (lineLength == line.length) {
                    if (lineLength >= MAX_LINE_BYTES) {
                        problem(where(lineStart), "the line is longer than " + MAX_LINE_BYTES
                                + " bytes; check that the file has one line per usage record (a quote that is never closed joins lines)");
                        lineLength = 0;
                        inQuotes = false;
                        skipping = true;
                        continue;
                    }
                    line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
                }
                line[lineLength++] = b;
            }
        }
        if (!stopped) {
            if (inQuotes) {
                problem(where(lineStart), "a quoted field is never closed; end it with \" (write a quote inside a field as \"\")");
            } else if (lineLength > 0) {
                endLine(line, 0, lineLength, lineStart, sink, false);
            }
        }
        if (total <= 0) {
            problems.clear();
            problemCount = 0;
            problem(FILE, "the file is empty; it must start with the header line " + String.join(",", HEADER)
                    + " followed by one line per category and member ref");
        } else if (!headerSeen && problemCount == 0) {
            problem(FILE, "the file has no header line; start it with " + String.join(",", HEADER));
        }
        for (int k = 0; k < categories.size(); k++) {
            if (overflowed[k]) {
                problem(FILE, "the units of category \"" + categories.get(k) + "\" add up to more than "
                        + Long.MAX_VALUE + "; report them in a larger unit");
            }
        }
        if (problemCount > problems.size()) {
            problems.add(new Problem(FILE, (problemCount - problems.size()) + " more problems are not listed; correct the ones above and upload again"));
        }
        Map<String, Long> byCategory = new LinkedHashMap<>();
        for (int k = 0; k < categories.size(); k++) {
            byCategory.put(categories.get(k), units[k]);
        }
        return new Result(lines, HexFormat.of().formatHex(sha.digest()), byCategory, List.copyOf(problems));
    }

    /**
     * The index of the line end ({@code \n}) of the line starting at {@code from} when the line lies whole in
     * {@code buf[from, n)} and holds no quote; -1 otherwise (the byte-by-byte path then reads it). Sets
     * {@link #plainAscii}.
     */
    private int plainLine(byte[] buf, int from, int n) {
        int stop = Math.min(n, from + PLAIN_LINE_BYTES);
        int high = 0;
        for (int i = from; i < stop; i++) {
            byte b = buf[i];
            if (b == '\n') {
                plainAscii = high >= 0;
                return i;
            }
            if (b == '"') {
                return -1;
            }
            high |= b;
        }
        return -1;
    }

    /** Lines up to this length are read where they lie; longer ones (and the limit's check) take the other path. */
    private static final int PLAIN_LINE_BYTES = 4096;

    private void endLine(byte[] src, int from, int length, long lineNo, Sink sink, boolean ascii) throws IOException {
        if (length > 0 && src[from + length - 1] == '\r') {
            length--; // CRLF
        }
        if (length == 0) {
            return; // a blank line carries nothing
        }
        int bad = ascii ? -1 : Utf8.firstInvalid(src, from, from + length);
        if (bad >= 0) {
            problem(where(lineNo), Utf8.notUtf8(src[bad], bad - from + 1));
            if (!headerSeen) {
                stopped = true;
            }
            return;
        }
        if (!headerSeen) {
            headerSeen = true;
            if (!headerFields(src, from, length).equals(HEADER)) {
                String shown = new String(src, from, Math.min(length, 80), StandardCharsets.UTF_8);
                problem(where(lineNo), "the header is \"" + shown + "\"; the first line must be exactly "
                        + String.join(",", HEADER) + " (lower case, in this order)");
                stopped = true; // the columns cannot be trusted, so the lines are not checked
            }
            return;
        }
        lines++;
        dataLine(src, from, from + length, lineNo, sink);
    }

    /** Splits and checks one data line, {@code line[from, length)}; the fields are located without copying when unquoted. */
    private void dataLine(byte[] line, int from, int to, long lineNo, Sink sink) throws IOException {
        int[] start = fieldStart;
        int[] end = fieldEnd;
        byte[][] source = fieldSource;
        int count = 0;
        int pos = from;
        int fieldFill = 0;
        while (true) {
            byte[] src = line;
            int s;
            int e;
            if (pos < to && line[pos] == '"') {
                pos++;
                int begin = fieldFill;
                while (true) {
                    if (pos >= to) {
                        problem(where(lineNo), "a quoted field is never closed; end it with \"");
                        return;
                    }
                    byte b = line[pos];
                    if (b == '"') {
                        if (pos + 1 < to && line[pos + 1] == '"') {
                            appendField(fieldFill++, (byte) '"');
                            pos += 2;
                            continue;
                        }
                        pos++;
                        break;
                    }
                    appendField(fieldFill++, b);
                    pos++;
                }
                if (pos < to && line[pos] != ',') {
                    problem(where(lineNo), "field " + (count + 1) + " has text after its closing quote; quote the whole field");
                    return;
                }
                src = null; // in field buffer, resolved below
                s = begin;
                e = fieldFill;
            } else {
                s = pos;
                while (pos < to && line[pos] != ',') {
                    if (line[pos] == '"') {
                        problem(where(lineNo), "field " + (count + 1) + " has a quote inside it; quote the whole field and double the quote (\"\")");
                        return;
                    }
                    pos++;
                }
                e = pos;
            }
            if (count < 3) {
                source[count] = src;
                start[count] = s;
                end[count] = e;
            }
            count++;
            if (pos >= to) {
                break;
            }
            pos++; // the comma
            if (pos == to) {
                if (count < 3) { // a trailing comma ends with an empty field
                    source[count] = line;
                    start[count] = pos;
                    end[count] = pos;
                }
                count++;
                break;
            }
        }
        for (int f = 0; f < Math.min(count, 3); f++) {
            if (source[f] == null) {
                source[f] = field; // the field buffer may have grown while parsing, so resolve at the end
            }
        }
        if (count != 3) {
            problem(where(lineNo), "the line has " + count + " field" + (count == 1 ? "" : "s")
                    + "; each line needs 3: category,member_ref,units (quote a field that contains a comma)");
            return;
        }
        boolean ok = true;
        int category = categoryIndex(source[0], start[0], end[0]);
        if (category < 0) {
            ok = false;
            String key = new String(source[0], start[0], end[0] - start[0], StandardCharsets.UTF_8);
            problem(where(lineNo), key.isEmpty() ? "the category is empty; give one of " + String.join(", ", categories)
                    : "category \"" + shorten(key) + "\" is not administered by " + administeredBy + ", which administers "
                            + String.join(", ", categories) + "; correct the category, or remove the line and report it to the CMO that administers it");
        }
        if (!isPlainValidRef(source[1], start[1], end[1])) {
            String ref = new String(source[1], start[1], end[1] - start[1], StandardCharsets.UTF_8);
            String problem = Keys.memberRefProblem(ref);
            if (problem != null) {
                ok = false;
                problem(where(lineNo), problem);
            }
        }
        long u = units(source[2], start[2], end[2], lineNo);
        if (u <= 0) {
            ok = false;
        }
        if (!ok) {
            return;
        }
        if (!overflowed[category]) {
            long sum = units[category] + u;
            if (sum < 0) {
                overflowed[category] = true; // reported once per category at the end
            } else {
                units[category] = sum;
            }
        }
        if (problemCount == 0 && !overflowed[category]) {
            sink.accept(category, source[1], start[1], end[1] - start[1], u);
        }
    }

    private void appendField(int index, byte b) {
        if (index == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[index] = b;
    }

    private int categoryIndex(byte[] src, int s, int e) {
        for (int k = 0; k < categoryBytes.length; k++) {
            if (Arrays.equals(categoryBytes[k], 0, categoryBytes[k].length, src, s, e)) {
                return k;
            }
        }
        return -1;
    }

    /** The common case decided without building a string: printable ASCII, no edge space, 1 to 128 bytes. */
    private static boolean isPlainValidRef(byte[] src, int s, int e) {
        int length = e - s;
        if (length < 1 || length > Keys.MAX_LENGTH || src[s] == ' ' || src[e - 1] == ' ') {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (src[i] < 0x20 || src[i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The units of a line, or -1 after reporting why they are not a positive whole number. */
    private long units(byte[] src, int s, int e, long lineNo) {
        if (s == e) {
            problem(where(lineNo), "units are empty; give a positive whole number such as 3");
            return -1;
        }
        long value = 0;
        for (int i = s; i < e; i++) {
            int d = src[i] - '0';
            if (d < 0 || d > 9) {
                String text = shorten(new String(src, s, e - s, StandardCharsets.UTF_8));
                problem(where(lineNo), "units \"" + text + "\" " + (text.startsWith("-") ? "are negative"
                        : text.matches("\\d*[.,]\\d*") ? "are not a whole number" : "are not a number")
                        + "; give a positive whole number such as 3");
                return -1;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                problem(where(lineNo), "units are larger than " + Long.MAX_VALUE + "; report them in a larger unit");
                return -1;
            }
            value = value * 10 + d;
        }
        if (value == 0) {
            problem(where(lineNo), "units are 0; leave the line out, or give a positive whole number");
            return -1;
        }
        return value;
    }

    private static List<String> headerFields(byte[] line, int from, int length) {
        List<String> fields = new ArrayList<>();
        for (String f : new String(line, from, length, StandardCharsets.UTF_8).split(",", -1)) {
            fields.add(f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f);
        }
        return fields;
    }

    private void problem(String where, String message) {
        problemCount++;
        if (problems.size() < maxListed) {
            problems.add(new Problem(where, message));
        }
    }

    static String where(long line) {
        return FILE + " line " + line;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
