package org.cmoportal.filing;

import java.io.IOException;
import java.util.Arrays;

/**
 * Adds up usage lines of the same (category, member ref) in a table before they go to COPY, so that one row per pair
 * is staged instead of one per line. The table grows with the pairs it meets, up to {@code maxPairs}; a file with
 * more pairs than that fills it, and then it is written out and emptied, and PostgreSQL adds up whatever was written
 * out more than once ({@link #wroteOutEarly}), so the result never depends on the table's size. Memory stays bounded
 * whatever the file: at most about 70 bytes a pair (1,000,000 pairs: about 70 MB), and only as much as the pairs met.
 *
 * <p>Each slot holds three longs side by side (hash and occupancy; where the ref's bytes are, their length and the
 * category; the units), so a line costs one memory access for the slot and one for the ref's bytes.
 */
final class UsageCombiner implements UsageCsvReader.Sink {

    /** Enough for a CMO's realistic filing (three categories of 200,000 refs is 600,000 pairs) with room to spare. */
    static final int DEFAULT_PAIRS = 1_000_000;
    private static final int WIDTH = 3;
    /** At most this share of the slots is taken, so that a probe finds its pair or a free slot within a few steps. */
    private static final double LOAD = 0.7;
    private static final int FIRST_SLOTS = 4096;
    /** Bytes of refs kept per pair at most (refs are usually far shorter); past that the table is written out. */
    private static final int ARENA_PER_PAIR = 32;

    private final UsageCsvReader.Sink out;
    private final int maxPairs;
    private final int maxArena;
    private long[] slots;
    private int capacity;
    private int threshold;
    private byte[] arena;
    private int size;
    private int arenaFill;
    private boolean wroteOutEarly;

    UsageCombiner(UsageCsvReader.Sink out, int maxPairs) {
        this.out = out;
        this.maxPairs = Math.max(1, maxPairs);
        this.maxArena = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1 << 16, (long) this.maxPairs * ARENA_PER_PAIR));
        allocate(Math.min(FIRST_SLOTS, slotsFor(this.maxPairs)));
        this.arena = new byte[Math.min(1 << 16, maxArena)];
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
        int h = hash(category, ref, offset, length);
        long tag = ((long) h << 32) | 1L;
        int i = index(h);
        for (long s; (s = slots[i * WIDTH]) != 0; i = i + 1 == capacity ? 0 : i + 1) {
            if (s == tag) {
                long where = slots[i * WIDTH + 1];
                int start = (int) (where >>> 32);
                if ((int) ((where >>> 16) & 0xFFFF) == length && (int) (where & 0xFFFF) == category
                        && Arrays.equals(arena, start, start + length, ref, offset, offset + length)) {
                    slots[i * WIDTH + 2] += units; // never overflows: the reader checks each category's total first
                    return;
                }
            }
        }
        if (size == threshold || arenaFill + length > arena.length) {
            makeRoom(length);
            i = index(h);
            while (slots[i * WIDTH] != 0) {
                i = i + 1 == capacity ? 0 : i + 1;
            }
        }
        System.arraycopy(ref, offset, arena, arenaFill, length);
        slots[i * WIDTH] = tag;
        // a ref is at most 128 characters (512 bytes) and a CMO has far fewer than 65,536 categories
        slots[i * WIDTH + 1] = ((long) arenaFill << 32) | ((long) length << 16) | category;
        slots[i * WIDTH + 2] = units;
        arenaFill += length;
        size++;
    }

    /** Grows the table or its ref bytes while under the bounds; at the bounds, writes everything out. */
    private void makeRoom(int length) throws IOException {
        if (size == threshold) {
            if (threshold < maxPairs) {
                rehash(slotsFor(Math.min(maxPairs, (int) Math.min(Integer.MAX_VALUE, (long) capacity * 2))));
                // a table grown to hold maxPairs may still be short of slots for the ref bytes below
            } else {
                wroteOutEarly = true;
                flush();
                return;
            }
        }
        if (arenaFill + length > arena.length) {
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
            long tag = old[k * WIDTH];
            if (tag != 0) {
                int i = index((int) (tag >>> 32));
                while (slots[i * WIDTH] != 0) {
                    i = i + 1 == capacity ? 0 : i + 1;
                }
                slots[i * WIDTH] = tag;
                slots[i * WIDTH + 1] = old[k * WIDTH + 1];
                slots[i * WIDTH + 2] = old[k * WIDTH + 2];
            }
        }
    }

    /** A slot for a hash, over a table of any size (Lemire's multiply-shift instead of a modulo). */
    private int index(int h) {
        return (int) (((h & 0xFFFFFFFFL) * capacity) >>> 32);
    }

    /** Writes every pair out and empties the table. */
    void flush() throws IOException {
        if (size == 0) {
            return;
        }
        for (int i = 0; i < capacity; i++) {
            if (slots[i * WIDTH] != 0) {
                long where = slots[i * WIDTH + 1];
                out.accept((int) (where & 0xFFFF), arena, (int) (where >>> 32), (int) ((where >>> 16) & 0xFFFF), slots[i * WIDTH + 2]);
            }
        }
        Arrays.fill(slots, 0);
        size = 0;
        arenaFill = 0;
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
        // murmur3's finaliser: refs that differ only in their last characters must not crowd neighbouring slots
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
