package org.cmoportal.period;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The run's lines, written group by group by {@link RunStream} (each (filing, category) in code point order of ref),
 * merged into one order of ref on their way to the database, and each ref's total over its lines added up on the way.
 *
 * <p>Why merge: a member's lines then lie next to each other in the run's table, so a statement reads a few pages
 * instead of one page per line; the indexes by ref and by id are built from lines already in their order; and the
 * refs' totals ({@code run_ref}) are sums over consecutive lines, in memory of one line per group, instead of an
 * aggregate over the whole run in the database.
 *
 * <p>Refs are compared as the bytes COPY's text format holds them: UTF-8 orders as code points do, and the one escape a
 * ref can carry (a backslash, doubled) keeps that order. Lines without a ref come first. Memory: a buffer per group.
 */
final class RunLineMerge {

    static final int BUFFER = 1 << 16;

    /** A ref's total: {@code member_ref, matched, total} in COPY's text format. */
    interface Totals {
        void total(byte[] line, int refStart, int refEnd, boolean matched, long total) throws IOException;
    }

    private RunLineMerge() {
    }

    /**
     * Writes the unreferenced lines, then every group's lines in order of ref, to {@code out}, each with its id added
     * as a last column: {@code firstId}, then one more for each line written (the run's block of ids, V43); tells
     * {@code totals} of each ref with its total, in the same order. Returns the number of lines written.
     */
    static long merge(FileChannel spool, List<RunStream.Group> groups, List<byte[]> unreferenced, long firstId,
            OutputStream out, Totals totals) throws IOException {
        long lines = 0;
        byte[] batch = new byte[BUFFER + 1024];
        int fill = 0;
        for (byte[] line : unreferenced) {
            if (fill + line.length + ID_ROOM > batch.length) {
                out.write(batch, 0, fill);
                fill = 0;
                if (line.length + ID_ROOM > batch.length) {
                    batch = new byte[line.length + ID_ROOM];
                }
            }
            fill = withId(line, 0, line.length, firstId + lines, batch, fill);
            lines++;
        }
        PriorityQueue<Reader> heads = new PriorityQueue<>(Math.max(1, groups.size()), RunLineMerge::compare);
        int order = 0;
        for (RunStream.Group g : groups) {
            Reader r = new Reader(spool, g, order++);
            if (r.next()) {
                heads.add(r);
            }
        }
        byte[] ref = new byte[256];
        int refLength = -1;
        boolean matched = false;
        long total = 0;
        while (!heads.isEmpty()) {
            Reader r = heads.poll();
            int length = r.lineEnd - r.lineStart;
            if (refLength < 0 || !Arrays.equals(ref, 0, refLength, r.buffer, r.refStart, r.refEnd)) {
                if (refLength >= 0) {
                    totals.total(ref, 0, refLength, matched, total);
                }
                refLength = r.refEnd - r.refStart;
                if (refLength > ref.length) {
                    ref = new byte[Math.max(refLength, 2 * ref.length)];
                }
                System.arraycopy(r.buffer, r.refStart, ref, 0, refLength);
                matched = r.matched;
                total = 0;
            } else if (matched != r.matched) {
                throw new IllegalStateException("a ref matched in one category and not in another");
            }
            total = Math.addExact(total, r.amount);
            if (fill + length + ID_ROOM > batch.length) {
                out.write(batch, 0, fill);
                fill = 0;
                if (length + ID_ROOM > batch.length) {
                    batch = new byte[length + ID_ROOM];
                }
            }
            fill = withId(r.buffer, r.lineStart, r.lineEnd, firstId + lines, batch, fill);
            if (fill >= BUFFER) {
                out.write(batch, 0, fill);
                fill = 0;
            }
            lines++;
            if (r.next()) {
                heads.add(r);
            }
        }
        if (fill > 0) {
            out.write(batch, 0, fill);
        }
        if (refLength >= 0) {
            totals.total(ref, 0, refLength, matched, total);
        }
        return lines;
    }

    /** Room for a tab and the digits of any id. */
    private static final int ID_ROOM = 21;

    /**
     * Copies the line {@code [from, to)} (its newline last) into {@code into} at {@code at}, with a tab and {@code id}
     * before the newline; returns where the next line goes.
     */
    static int withId(byte[] line, int from, int to, long id, byte[] into, int at) {
        int body = to - from - 1;
        System.arraycopy(line, from, into, at, body);
        at += body;
        into[at++] = '\t';
        if (id < 0) {
            throw new IllegalArgumentException("a run line's id is positive: " + id);
        }
        int digits = 1;
        for (long v = id; v >= 10; v /= 10) {
            digits++;
        }
        long v = id;
        for (int i = at + digits - 1; i >= at; i--) {
            into[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        at += digits;
        into[at++] = '\n';
        return at;
    }

    /** By ref, then by group: a ref's lines keep the order of their groups (filing, then category). */
    private static int compare(Reader a, Reader b) {
        int c = Arrays.compareUnsigned(a.buffer, a.refStart, a.refEnd, b.buffer, b.refStart, b.refEnd);
        return c != 0 ? c : Integer.compare(a.order, b.order);
    }

    /** One group's lines, read a buffer at a time; its current line's bounds, ref, matched flag and amount. */
    private static final class Reader {
        private final FileChannel spool;
        private final int order;
        private long position;
        private final long end;
        private byte[] buffer = new byte[BUFFER];
        private int start;
        private int limit;
        int lineStart;
        int lineEnd;
        int refStart;
        int refEnd;
        boolean matched;
        long amount;
        private byte[] previousRef = new byte[0];
        private int previousLength = -1;

        Reader(FileChannel spool, RunStream.Group group, int order) {
            this.spool = spool;
            this.order = order;
            this.position = group.start();
            this.end = group.end();
        }

        /** Moves to the next line; false at the group's end. */
        boolean next() throws IOException {
            if (lineEnd > 0) {
                // the ref just left must not come after the next one: the groups are merged on that order
                int n = refEnd - refStart;
                if (previousRef.length < n) {
                    previousRef = new byte[Math.max(n, 2 * previousRef.length)];
                }
                System.arraycopy(buffer, refStart, previousRef, 0, n);
                previousLength = n;
            }
            int newline = find(start);
            if (newline < 0) {
                if (!fill()) {
                    return false;
                }
                newline = find(start);
                if (newline < 0) {
                    throw new IllegalStateException("a run line without its end");
                }
            }
            lineStart = start;
            lineEnd = newline + 1;
            start = lineEnd;
            // filing_id \t category_key \t member_ref \t matched \t units \t category_units \t amount \n
            int tab1 = tab(lineStart);
            int tab2 = tab(tab1 + 1);
            int tab3 = tab(tab2 + 1);
            refStart = tab2 + 1;
            refEnd = tab3;
            matched = buffer[tab3 + 1] == 't';
            int lastTab = newline;
            while (buffer[lastTab - 1] != '\t') {
                lastTab--;
            }
            long value = 0;
            for (int i = lastTab; i < newline; i++) {
                value = value * 10 + (buffer[i] - '0');
            }
            amount = value;
            if (previousLength >= 0 && Arrays.compareUnsigned(previousRef, 0, previousLength, buffer, refStart, refEnd) > 0) {
                throw new IllegalStateException("a group of run lines out of the order of ref");
            }
            return true;
        }

        private int find(int from) {
            for (int i = from; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private int tab(int from) {
            for (int i = from; ; i++) {
                if (buffer[i] == '\t') {
                    return i;
                }
            }
        }

        /** Keeps the unread part of the buffer and reads after it; false when the group has nothing more. */
        private boolean fill() throws IOException {
            if (position >= end) {
                return false;
            }
            int rest = limit - start;
            if (rest == buffer.length) {
                buffer = Arrays.copyOf(buffer, 2 * buffer.length);
            }
            System.arraycopy(buffer, start, buffer, 0, rest);
            start = 0;
            limit = rest;
            int want = (int) Math.min(buffer.length - rest, end - position);
            ByteBuffer into = ByteBuffer.wrap(buffer, rest, want);
            while (into.hasRemaining()) {
                int n = spool.read(into, position);
                if (n < 0) {
                    throw new IllegalStateException("the run's lines ended before their group");
                }
                position += n;
            }
            limit = rest + want;
            return true;
        }
    }
}
