package org.cmoportal.statement.chart;

/** A "nice" axis maximum (1, 2 or 5 times a power of ten) so gridlines fall on round figures. */
final class Ticks {

    private Ticks() {
    }

    /** The smallest nice number at or above {@code max} that divides into {@code steps} round steps. */
    static long niceMax(long max, int steps) {
        if (max <= 0) {
            return steps;
        }
        long raw = (max + steps - 1) / steps;
        long power = 1;
        while (power <= raw / 10) {
            power *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power * steps;
            }
        }
        return 10 * power * steps;
    }
}
