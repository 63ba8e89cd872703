package org.cmoportal.filing;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Adds up usage lines of the same (category, member ref) in a table before they go to COPY, so that one row per pair
 * is staged instead of one per line. The table grows with the pairs it meets, up to {@code maxPairs}; a file with
 * more pairs than that fills it, and then it is written out and emptied, and PostgreSQL adds up whatever was written
 * out more than once ({@link #wroteOutEarly}), so the result never depends on the table's size. Memory stays bounded
 * whatever the file: at most about 80 bytes a pair (1,000,000 pairs: about 80 MB), and only for the pairs met.
 *
 * <p>Each slot holds four longs side by side: the hash, length, category and occupancy; the ref's bytes themselves
 * when it has at most 16 (the usual case), else where they are kept; the units. A line then costs one memory access
 * for its slot and no other, which is what the table's speed depends on (about 5,000,000 lookups for a file).
 */
final class UsageCombiner implements UsageCsvReader.Sink {

    /** Enough for a CMO's realistic filing (three categories of 200,000 refs is 600,000 pairs) with room to spare. */
    static final int DEFAULT_PAIRS = 1_000_000;
    private static final int WIDTH = 4;
    /** Refs of at most this many bytes are kept in their slot. */
    private static final int INLINE = 16;
    /** At most this share of the slots is taken, so that a probe finds its pair or a free slot within a few steps. */
    private static final double LOAD = 0.7;
    private static final int FIRST_SLOTS = 4096;
    /** Bytes of longer refs kept per pair at most; past that the table is written out. */
    private static final int ARENA_PER_PAIR = 16;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final UsageCsvReader.Sink out;
    private final int maxPairs;
    private final int maxArena;
    private long[] slots;
    private int capacity;
    private int threshold;
    /** The bytes of refs longer than {@link #INLINE}. */
    private byte[] arena;
    private int size;
    private int arenaFill;
    private boolean wroteOutEarly;
    private final byte[] scratch = new byte[INLINE];

    UsageCombiner(UsageCsvReader.Sink out, int maxPairs) {
        this.out = out;
        this.maxPairs = Math.max(1, maxPairs);
        this.maxArena = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1 << 16, (long) this.maxPairs * ARENA_PER_PAIR));
        allocate(Math.min(FIRST_SLOTS, slotsFor(this.maxPairs)));
        this.arena = new byte[1 << 12];
    }

    private static int slotsFor(int pairs) {
        return (int) Math.min(Integer.MAX_VALUE / WIDTH, (long) Math.ceil(pairs / LOAD) + 1);
    }

    private void allocate(int slotCount) {
        capacity = slotCount;
        slots = new long[slotCount * WIDTH];
        threshold = (int) Math.min(maxPairs, Math.max(1, (long) (slotCount * LOAD)));
    }

    @Override
    public void accept(int category, byte[] ref, int offset, int length, long units) throws IOException {
        check(category, length);
        long r0 = length <= INLINE ? bytes(ref, offset, Math.min(length, 8)) : 0;
        long r1 = length > 8 && length <= INLINE ? bytes(ref, offset + 8, length - 8) : 0;
        add(category, ref, offset, length, units, r0, r1, hash(category, ref, offset, length, r0, r1));
    }

    /** How many lines {@link #acceptAll} looks up together. */
    static final int GROUP = 8;
    private final long[] groupR0 = new long[GROUP];
    private final long[] groupR1 = new long[GROUP];
    private final int[] groupHash = new int[GROUP];
    private long touched;

    /**
     * The same as {@link #accept} for {@code count} (at most {@link #GROUP}) lines whose refs lie in {@code refs}: their
     * slots are read first, all together, so that the memory fetches them at once instead of one after another.
     */
    void acceptAll(int count, int[] category, byte[] refs, int[] offset, int[] length, long[] units) throws IOException {
        long t = 0;
        for (int k = 0; k < count; k++) {
            check(category[k], length[k]);
            int n = length[k];
            long r0 = n <= INLINE ? bytes(refs, offset[k], Math.min(n, 8)) : 0;
            long r1 = n > 8 && n <= INLINE ? bytes(refs, offset[k] + 8, n - 8) : 0;
            int h = hash(category[k], refs, offset[k], n, r0, r1);
            groupR0[k] = r0;
            groupR1[k] = r1;
            groupHash[k] = h;
            t += slots[index(h) * WIDTH];
        }
        touched += t; // kept, so that the reads above are not left out
        for (int k = 0; k < count; k++) {
            add(category[k], refs, offset[k], length[k], units[k], groupR0[k], groupR1[k], groupHash[k]);
        }
    }

    private static void check(int category, int length) {
        if (length < 1 || length > 1023 || category < 0 || category >= 1 << 21) {
            throw new IllegalArgumentException("a ref of 1 to 1023 bytes in one of fewer than 2,097,152 categories");
        }
    }

    private static int hash(int category, byte[] ref, int offset, int length, long r0, long r1) {
        return length <= INLINE ? mix(r0 * 0x9E3779B97F4A7C15L + r1 * 0xC2B2AE3D27D4EB4FL + ((long) length << 24) + category)
                : hash(category, ref, offset, length);
    }

    private void add(int category, byte[] ref, int offset, int length, long units, long r0, long r1, int h) throws IOException {
        // hash (32 bits), length (10 bits: a ref has at most 512 bytes), category (21 bits), occupied (1 bit)
        long head = ((long) h << 32) | ((long) length << 22) | ((long) category << 1) | 1L;
        int i = index(h);
        for (long s; (s = slots[i * WIDTH]) != 0; i = i + 1 == capacity ? 0 : i + 1) {
            if (s == head && (length <= INLINE ? slots[i * WIDTH + 1] == r0 && slots[i * WIDTH + 2] == r1
                    : arenaEquals((int) slots[i * WIDTH + 1], ref, offset, length))) {
                slots[i * WIDTH + 3] += units; // never overflows: the reader checks each category's total first
                return;
            }
        }
        if (size == threshold || length > INLINE && arenaFill + length > arena.length) {
            makeRoom(length);
            i = index(h);
            while (slots[i * WIDTH] != 0) {
                i = i + 1 == capacity ? 0 : i + 1;
            }
        }
        slots[i * WIDTH] = head;
        if (length <= INLINE) {
            slots[i * WIDTH + 1] = r0;
            slots[i * WIDTH + 2] = r1;
        } else {
            System.arraycopy(ref, offset, arena, arenaFill, length);
            slots[i * WIDTH + 1] = arenaFill;
            arenaFill += length;
        }
        slots[i * WIDTH + 3] = units;
        size++;
    }

    /** Up to 8 bytes as one little-endian long, zero above them (refs hold no zero bytes, so no two refs read alike). */
    private static long bytes(byte[] b, int offset, int n) {
        if (n == 8 && offset + 8 <= b.length) {
            return (long) LONG.get(b, offset);
        }
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = (v << 8) | (b[offset + k] & 0xFFL);
        }
        return v;
    }

    private boolean arenaEquals(int start, byte[] ref, int offset, int length) {
        return Arrays.equals(arena, start, start + length, ref, offset, offset + length);
    }

    /** Grows the table or the long refs' bytes while under the bounds; at the bounds, writes everything out. */
    private void makeRoom(int length) throws IOException {
        if (size == threshold) {
            if (threshold < maxPairs) {
                rehash(slotsFor(Math.min(maxPairs, (int) Math.min(Integer.MAX_VALUE, (long) capacity * 2))));
            } else {
                wroteOutEarly = true;
                flush();
                return;
            }
        }
        if (length > INLINE && arenaFill + length > arena.length) {
            if (arena.length < maxArena) {
                arena = Arrays.copyOf(arena, (int) Math.min(maxArena, Math.max((long) arena.length * 2, arenaFill + length)));
            }
            if (arenaFill + length > arena.length) {
                wroteOutEarly = true;
                flush();
            }
        }
    }

    private void rehash(int slotCount) {
        long[] old = slots;
        int oldCapacity = capacity;
        allocate(slotCount);
        for (int k = 0; k < oldCapacity; k++) {
            long head = old[k * WIDTH];
            if (head != 0) {
                int i = index((int) (head >>> 32));
                while (slots[i * WIDTH] != 0) {
                    i = i + 1 == capacity ? 0 : i + 1;
                }
                System.arraycopy(old, k * WIDTH, slots, i * WIDTH, WIDTH);
            }
        }
    }

    /** A slot for a hash, over a table of any size (Lemire's multiply-shift instead of a modulo). */
    private int index(int h) {
        return (int) (((h & 0xFFFFFFFFL) * capacity) >>> 32);
    }

    private static int length(long head) {
        return (int) ((head >>> 22) & 0x3FF);
    }

    private static int category(long head) {
        return (int) ((head >>> 1) & 0x1FFFFF);
    }

    private void emit(int i) throws IOException {
        emit(i, out);
    }

    /** Writes the pair in slot {@code i} out to {@code out}. */
    private void emit(int i, UsageCsvReader.Sink out) throws IOException {
        long head = slots[i * WIDTH];
        int length = length(head);
        if (length <= INLINE) {
            LONG.set(scratch, 0, slots[i * WIDTH + 1]);
            LONG.set(scratch, 8, slots[i * WIDTH + 2]);
            out.accept(category(head), scratch, 0, length, slots[i * WIDTH + 3]);
        } else {
            out.accept(category(head), arena, (int) slots[i * WIDTH + 1], length, slots[i * WIDTH + 3]);
        }
    }

    /** Writes every pair out and empties the table. */
    void flush() throws IOException {
        if (size == 0) {
            return;
        }
        for (int i = 0; i < capacity; i++) {
            if (slots[i * WIDTH] != 0) {
                emit(i);
            }
        }
        clear();
    }

    private void clear() {
        Arrays.fill(slots, 0);
        size = 0;
        arenaFill = 0;
    }

    /** The slots of the pairs in the order to write them, once {@link #groupByCategory} has run; null before. */
    private int[] sorted;

    /**
     * Puts each category's pairs together, categories in the order of their index and the pairs of one category in no
     * particular order, without writing them; then {@link #writeSorted} writes them out. This is all the inserts
     * need (one category a statement). They used to be sorted by category and ref, for {@code filing_usage}'s primary
     * key, which rows in its order went in at the end of; V39 dropped that key, and the sort cost 0.3 to 1.9 s after
     * the file's last line for 600,000 pairs on a loaded machine, this 0.07 to 0.27 s (docs/performance.md). Two
     * passes over the slots, no comparisons; {@code categories} is how many there are (indexes 0 to categories - 1).
     * Takes no more pairs after this.
     */
    void groupByCategory(int categories) {
        int[] next = new int[categories + 1];
        for (int i = 0; i < capacity; i++) {
            long head = slots[i * WIDTH];
            if (head != 0) {
                next[category(head) + 1]++;
            }
        }
        for (int c = 1; c <= categories; c++) {
            next[c] += next[c - 1];
        }
        int[] order = new int[size];
        for (int i = 0; i < capacity; i++) {
            long head = slots[i * WIDTH];
            if (head != 0) {
                order[next[category(head)]++] = i;
            }
        }
        sorted = order;
    }

    /** Writes the pairs out in the order {@link #groupByCategory} put them in, to {@code to}, and empties the table. */
    void writeSorted(UsageCsvReader.Sink to) throws IOException {
        if (sorted == null) {
            throw new IllegalStateException("the pairs are not grouped yet");
        }
        for (int slot : sorted) {
            emit(slot, to);
        }
        sorted = null;
        clear();
    }

    /** How many pairs the table holds. */
    int size() {
        return size;
    }

    /**
     * Whether the table was written out before the end of the file because it was full: then a pair may have been
     * written more than once and must be added up again; otherwise each pair was written exactly once.
     */
    boolean wroteOutEarly() {
        return wroteOutEarly;
    }

    private static int hash(int category, byte[] b, int offset, int length) {
        int h = 31 * category + length;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + b[i];
        }
        return mix(h);
    }

    /** murmur3's finalisers: refs that differ only in their last characters must not crowd neighbouring slots. */
    private static int mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        v *= 0xc4ceb9fe1a85ec53L;
        v ^= v >>> 33;
        return (int) v;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
