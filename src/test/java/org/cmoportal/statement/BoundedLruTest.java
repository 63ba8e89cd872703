package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The statement page's kept parts and lines stay within their bounds, the least recently used dropped first. */
class BoundedLruTest {

    final List<String> made = new ArrayList<>();

    String make(String value) {
        made.add(value);
        return value;
    }

    @Test
    void keepsWithinItsNumberOfEntriesDroppingTheLeastRecentlyUsed() {
        BoundedLru<Integer, String> lru = new BoundedLru<>(2, 1_000, String::length);
        lru.get(1, () -> make("one"));
        lru.get(2, () -> make("two"));
        assertThat(lru.get(1, () -> make("again"))).isEqualTo("one"); // 1 used last: 2 is the oldest now
        lru.get(3, () -> make("three"));
        assertThat(lru.size()).isEqualTo(2);
        assertThat(lru.get(1, () -> make("one, again"))).isEqualTo("one");
        assertThat(lru.get(2, () -> make("two, again"))).isEqualTo("two, again");
        assertThat(made).containsExactly("one", "two", "three", "two, again");
    }

    @Test
    void keepsWithinItsSizeAndNeverWhatIsLargerThanIt() {
        BoundedLru<Integer, String> lru = new BoundedLru<>(100, 10, String::length);
        lru.get(1, () -> "aaaa");
        lru.get(2, () -> "bbbb");
        assertThat(lru.total()).isEqualTo(8);
        lru.get(3, () -> "cccc"); // 12 > 10: the oldest goes
        assertThat(lru.size()).isEqualTo(2);
        assertThat(lru.total()).isEqualTo(8);
        assertThat(lru.get(4, () -> "x".repeat(11))).hasSize(11);
        assertThat(lru.size()).as("too large to keep: given, not kept, nothing dropped for it").isEqualTo(2);
        assertThat(lru.get(2, () -> "other")).isEqualTo("bbbb");
    }

    @Test
    void withoutRoomNothingIsKept() {
        BoundedLru<Integer, String> lru = new BoundedLru<>(0, 0, String::length);
        assertThat(lru.keeps()).isFalse();
        lru.get(1, () -> make("one"));
        lru.get(1, () -> make("one"));
        assertThat(made).hasSize(2);
        assertThat(lru.size()).isZero();
    }
}
