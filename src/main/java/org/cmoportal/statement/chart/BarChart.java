package org.cmoportal.statement.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Vertical bars over a sequence (earnings per period, payouts per size band), laid out on the server for
 * an inline SVG with gridlines, a title, a description and a table fallback (templates/tags/bars.html).
 */
public record BarChart(String id, String title, String description, String valueHeading, List<Bar> bars,
        List<Tick> ticks) {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 260;
    public static final int LEFT = 78;
    public static final int RIGHT = 12;
    public static final int TOP = 16;
    public static final int BOTTOM = 44;
    private static final int STEPS = 4;

    /** One labelled value to draw. */
    public record Input(String label, long value) {
    }

    /** A bar and where it is drawn. */
    public record Bar(String label, long value, String formatted, int x, int y, int width, int height) {

        public int centre() {
            return x + width / 2;
        }

        public int labelY() {
            return HEIGHT - BOTTOM + 18;
        }

        public int valueY() {
            return Math.max(TOP + 10, y - 5);
        }
    }

    /** A gridline with its value. */
    public record Tick(int y, String label) {

        public int labelY() {
            return y + 4;
        }
    }

    public static BarChart of(String id, String title, String description, String valueHeading, List<Input> inputs,
            LongFunction<String> format) {
        long max = inputs.stream().mapToLong(Input::value).max().orElse(0);
        long top = Ticks.niceMax(max, STEPS);
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int n = Math.max(1, inputs.size());
        int slot = plotWidth / n;
        int barWidth = Math.max(6, Math.min(64, slot * 3 / 5));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            int h = (int) (in.value() * plotHeight / top);
            if (in.value() > 0 && h < 2) {
                h = 2;
            }
            int x = LEFT + i * slot + (slot - barWidth) / 2;
            bars.add(new Bar(HBarChart.shorten(in.label(), 14), in.value(), format.apply(in.value()), x,
                    TOP + plotHeight - h, barWidth, h));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int s = 0; s <= STEPS; s++) {
            long v = top / STEPS * s;
            ticks.add(new Tick(TOP + plotHeight - (int) (v * plotHeight / top), format.apply(v)));
        }
        return new BarChart(id, title, description, valueHeading, bars, ticks);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    public int axisLabelX() {
        return LEFT - 8;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    public int baseline() {
        return HEIGHT - BOTTOM;
    }

    public boolean showValues() {
        return bars.size() <= 12;
    }
}
