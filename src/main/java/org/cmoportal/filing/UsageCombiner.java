package org.cmoportal.filing;

import java.io.IOException;
import java.util.Arrays;

/**
 * Adds up usage lines of the same (category, member ref) in a table of bounded size before they go to COPY, so
 * that far fewer rows are staged and aggregated when refs repeat. When the table is full it is written out and
 * emptied; PostgreSQL then adds up whatever was written out more than once, so the result never depends on the
 * table's size. Memory stays bounded (about 20 MB at the default size) whatever the file.
 *
 * <p>Each slot holds three longs side by side (hash and occupancy; where the ref's bytes are, their length and the
 * category; the units), so a line costs one memory access for the slot and one for the ref's bytes.
 */
final class UsageCombiner implements UsageCsvReader.Sink {

    static final int DEFAULT_ENTRIES = 1 << 18;
    private static final int WIDTH = 3;

    private final UsageCsvReader.Sink out;
    private final int maxEntries;
    private final long[] slots;
    private final int mask;
    private final byte[] arena;
    private int size;
    private int arenaFill;

    UsageCombiner(UsageCsvReader.Sink out, int maxEntries) {
        this.out = out;
        this.maxEntries = maxEntries;
        int capacity = Integer.highestOneBit(maxEntries) * 2; // load factor at most 1/2
        this.slots = new long[capacity * WIDTH];
        this.mask = capacity - 1;
        this.arena = new byte[maxEntries * 40];
    }

    @Override
    public void accept(int category, byte[] ref, int offset, int length, long units) throws IOException {
        int h = hash(category, ref, offset, length);
        long tag = ((long) h << 32) | 1L;
        int i = h & mask;
        for (long s; (s = slots[i * WIDTH]) != 0; i = (i + 1) & mask) {
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
        if (size == maxEntries || arenaFill + length > arena.length) {
            flush();
            i = h & mask;
        }
        System.arraycopy(ref, offset, arena, arenaFill, length);
        slots[i * WIDTH] = tag;
        // a ref is at most 128 characters (512 bytes) and a CMO has far fewer than 65,536 categories
        slots[i * WIDTH + 1] = ((long) arenaFill << 32) | ((long) length << 16) | category;
        slots[i * WIDTH + 2] = units;
        arenaFill += length;
        size++;
    }

    /** Writes every entry out and empties the table. */
    void flush() throws IOException {
        if (size == 0) {
            return;
        }
        for (int i = 0; i <= mask; i++) {
            if (slots[i * WIDTH] != 0) {
                long where = slots[i * WIDTH + 1];
                out.accept((int) (where & 0xFFFF), arena, (int) (where >>> 32), (int) ((where >>> 16) & 0xFFFF), slots[i * WIDTH + 2]);
            }
        }
        Arrays.fill(slots, 0);
        size = 0;
        arenaFill = 0;
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
