package org.cmoportal.distribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A filing's usage report, {@code (category, member_ref, units)} lines, held in columns so a million lines
 * fit in a small heap. Lines keep their input order; the calculation never depends on it.
 */
public final class Usage {

    private final List<String> categories;
    private final int[] categoryOfLine;
    private final String[] refOfLine;
    private final long[] unitsOfLine;
    private final int size;

    private Usage(Builder b) {
        this.categories = Collections.unmodifiableList(new ArrayList<>(b.categories));
        this.size = b.size;
        this.categoryOfLine = Arrays.copyOf(b.category, size);
        this.refOfLine = Arrays.copyOf(b.ref, size);
        this.unitsOfLine = Arrays.copyOf(b.units, size);
    }

    public static Builder builder() {
        return new Builder(16);
    }

    /** A builder sized for about {@code expectedLines} lines. */
    public static Builder builder(int expectedLines) {
        return new Builder(Math.max(16, expectedLines));
    }

    /** A report with no lines: every administered category's net goes to suspense. */
    public static Usage none() {
        return builder().build();
    }

    public int size() {
        return size;
    }

    public String category(int line) {
        return categories.get(categoryOfLine[line]);
    }

    public String ref(int line) {
        return refOfLine[line];
    }

    public long units(int line) {
        return unitsOfLine[line];
    }

    /** The distinct categories named, in order of first appearance. */
    public List<String> categories() {
        return categories;
    }

    int categoryIndex(int line) {
        return categoryOfLine[line];
    }

    String[] refs() {
        return refOfLine;
    }

    long[] unitsArray() {
        return unitsOfLine;
    }

    /** Collects lines, checking each as it comes. */
    public static final class Builder {
        private final List<String> categories = new ArrayList<>();
        private final Map<String, Integer> categoryIndex = new HashMap<>();
        private int[] category;
        private String[] ref;
        private long[] units;
        private int size;

        private Builder(int capacity) {
            category = new int[capacity];
            ref = new String[capacity];
            units = new long[capacity];
        }

        /**
         * Adds a line. Reported positions are "usage line n", n counting added lines from 1; a CSV reader
         * that wants file line numbers checks with {@link Keys#memberRefProblem} itself first.
         *
         * @throws CalculationInputException for an invalid category or ref, or units that are not positive
         */
        public Builder add(String categoryKey, String memberRef, long lineUnits) {
            String where = "usage line " + (size + 1);
            Integer index = categoryIndex.get(categoryKey);
            if (index == null) {
                Keys.require(categoryKey, "category key", where);
                index = categories.size();
                categories.add(categoryKey);
                categoryIndex.put(categoryKey, index);
            }
            String problem = Keys.memberRefProblem(memberRef);
            if (problem != null) {
                throw new CalculationInputException(where, problem);
            }
            if (lineUnits <= 0) {
                throw new CalculationInputException(where, "units are " + lineUnits + "; they must be a positive whole number");
            }
            if (size == ref.length) {
                int capacity = ref.length + (ref.length >> 1) + 1;
                category = Arrays.copyOf(category, capacity);
                ref = Arrays.copyOf(ref, capacity);
                units = Arrays.copyOf(units, capacity);
            }
            category[size] = index;
            ref[size] = memberRef;
            units[size] = lineUnits;
            size++;
            return this;
        }

        public Usage build() {
            return new Usage(this);
        }
    }
}
