package org.cmoportal.distribution;

import java.util.Arrays;

/**
 * One (filing, category)'s usage as a column of {@code (ref, units, matched)}, for a caller that reads a period's
 * usage as a stream, one category of one filing at a time (the distribution run), rather than a whole filing as
 * {@link Usage}. {@code matched} is whether the ref is a member's, as the caller looked it up.
 *
 * <p>{@link FilingCalculator#distribute(String, DistributionRule, long, org.cmoportal.money.Rate, CategoryUsage)}
 * computes it on the same code path as a filing's category. The column is reused: {@link #clear()} keeps its arrays, so
 * a run over millions of lines allocates them once per size it meets, not once per category.
 */
public final class CategoryUsage {

    private String[] refs;
    private long[] units;
    private boolean[] matched;
    private int size;

    public CategoryUsage() {
        this(1024);
    }

    public CategoryUsage(int expectedRefs) {
        int capacity = Math.max(16, expectedRefs);
        refs = new String[capacity];
        units = new long[capacity];
        matched = new boolean[capacity];
    }

    /**
     * Adds a line. The refs were checked when the filing was taken in ({@link Keys#memberRefProblem}); units must be
     * positive as there.
     *
     * @throws CalculationInputException for units that are not positive
     */
    public CategoryUsage add(String ref, long lineUnits, boolean isMember) {
        if (lineUnits <= 0) {
            throw new CalculationInputException("usage", "ref \"" + ref + "\" has units " + lineUnits
                    + "; they must be a positive whole number");
        }
        if (size == refs.length) {
            int capacity = refs.length + (refs.length >> 1) + 1;
            refs = Arrays.copyOf(refs, capacity);
            units = Arrays.copyOf(units, capacity);
            matched = Arrays.copyOf(matched, capacity);
        }
        refs[size] = ref;
        units[size] = lineUnits;
        matched[size] = isMember;
        size++;
        return this;
    }

    public int size() {
        return size;
    }

    /** Empties the column for the next category, keeping its arrays (the refs are let go). */
    public void clear() {
        Arrays.fill(refs, 0, size, null);
        size = 0;
    }

    String[] refs() {
        return refs;
    }

    long[] unitsArray() {
        return units;
    }

    boolean matched(int line) {
        return matched[line];
    }
}
