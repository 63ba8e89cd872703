package org.cmoportal.statement;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A few values kept in memory, bounded by their number and by a size of each ({@code size}: characters, lines), the
 * least recently used dropped first. For what cannot change once published (statement/RenderedParts, KeptLines): a
 * value is never updated, only made again after it was dropped. With none of either bound, nothing is kept.
 */
final class BoundedLru<K, V> {

    private final int maxEntries;
    private final long maxSize;
    private final ToLongFunction<V> size;
    private final LinkedHashMap<K, V> values = new LinkedHashMap<>(16, 0.75f, true);
    private long total;

    BoundedLru(int maxEntries, long maxSize, ToLongFunction<V> size) {
        this.maxEntries = maxEntries;
        this.maxSize = maxSize;
        this.size = size;
    }

    /** Whether anything may be kept at all. */
    boolean keeps() {
        return maxEntries > 0 && maxSize > 0;
    }

    /** The value kept for {@code key}, else {@code make}'s, kept unless larger than the bound. */
    V get(K key, Supplier<V> make) {
        synchronized (this) {
            V kept = values.get(key);
            if (kept != null) {
                return kept;
            }
        }
        // made outside the lock: two callers may both make a new value, and the second keeps an equal one
        V made = make.get();
        long s = size.applyAsLong(made);
        if (!keeps() || s > maxSize) {
            return made;
        }
        synchronized (this) {
            V previous = values.put(key, made);
            total += s - (previous == null ? 0 : size.applyAsLong(previous));
            Iterator<Map.Entry<K, V>> oldest = values.entrySet().iterator();
            while ((values.size() > maxEntries || total > maxSize) && oldest.hasNext()) {
                total -= size.applyAsLong(oldest.next().getValue());
                oldest.remove();
            }
        }
        return made;
    }

    /** The value kept for {@code key} (a use of it, as {@link #get}), or null; nothing is made. */
    synchronized V kept(K key) {
        return values.get(key);
    }

    synchronized int size() {
        return values.size();
    }

    synchronized long total() {
        return total;
    }
}
