package org.cmoportal.testsupport;

import java.util.concurrent.atomic.AtomicLong;

/** Names no other test (or earlier run against the same database) has used: tests never depend on order. */
public final class Unique {

    private static final AtomicLong COUNTER = new AtomicLong();

    private Unique() {
    }

    /** A slug-, ref- and label-safe name such as {@code t-lq3x9k2a-7}, at most 32 characters. */
    public static String name(String prefix) {
        return prefix + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + COUNTER.incrementAndGet();
    }
}
