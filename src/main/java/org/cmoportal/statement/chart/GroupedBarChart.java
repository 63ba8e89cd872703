package org.cmoportal.statement.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * Vertical bars over a sequence with one bar per series in each group (a member's earnings per period, one bar
 * per CMO), laid out on the server for an inline SVG with a legend, a title, a description and a table fallback
 * (templates/tags/groupedbars.html). A zero draws no bar; the table still lists it.
 */
public record GroupedBarChart(String id, String title, String description, String unit, List<Series> series,
        List<Group> groups, List<Bar> bars, List<BarChart.Tick> ticks) {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 260;
    private static final int STEPS = 4;

    /** One series: its name and the colour class it is drawn in ({@code bar c0} ...). */
    public record Series(String name, int colour) {
    }

    /** A group on the axis (a period) with each series' value, formatted, in the series' order (the table's row). */
    public record Group(String label, String shortLabel, int centre, List<String> formatted) {

        public int labelY() {
            return HEIGHT - BarChart.BOTTOM + 18;
        }
    }

    /** A drawn bar: which group and series, the value and where it is. */
    public record Bar(String group, String series, int colour, long value, String formatted, int x, int y, int width,
            int height) {
    }

    /**
     * @param groups the groups in axis order
     * @param series the series in legend order
     * @param values per group, per series, the value in minor units of {@code currency} (absent is zero)
     */
    public static GroupedBarChart of(String id, String title, String description, List<String> groups, List<String> series,
            Map<String, Map<String, Long>> values, CurrencyUnit currency) {
        long max = 0;
        for (Map<String, Long> bySeries : values.values()) {
            for (long v : bySeries.values()) {
                max = Math.max(max, v);
            }
        }
        long top = Ticks.niceMax(max, STEPS);
        int plotHeight = HEIGHT - BarChart.TOP - BarChart.BOTTOM;
        int plotWidth = WIDTH - BarChart.LEFT - BarChart.RIGHT;
        int slot = plotWidth / Math.max(1, groups.size());
        int perSeries = Math.max(4, Math.min(28, slot * 4 / 5 / Math.max(1, series.size())));
        int groupWidth = perSeries * series.size();
        List<Series> legend = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            legend.add(new Series(series.get(s), s % 8));
        }
        List<Group> laidOut = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String label = groups.get(g);
            int left = BarChart.LEFT + g * slot + (slot - groupWidth) / 2;
            Map<String, Long> bySeries = values.getOrDefault(label, Map.of());
            List<String> formatted = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                long v = bySeries.getOrDefault(series.get(s), 0L);
                formatted.add(Amounts.formatGrouped(v, currency));
                if (v <= 0) {
                    continue;
                }
                int h = (int) Math.max(2, v * plotHeight / top);
                bars.add(new Bar(label, series.get(s), s % 8, v, Amounts.formatGrouped(v, currency), left + s * perSeries,
                        BarChart.TOP + plotHeight - h, Math.max(2, perSeries - 2), h));
            }
            laidOut.add(new Group(label, HBarChart.shorten(label, 14), BarChart.LEFT + g * slot + slot / 2, formatted));
        }
        List<BarChart.Tick> ticks = new ArrayList<>();
        for (int s = 0; s <= STEPS; s++) {
            long v = top / STEPS * s;
            ticks.add(new BarChart.Tick(BarChart.TOP + plotHeight - (int) (v * plotHeight / top), Amounts.formatGrouped(v, currency)));
        }
        return new GroupedBarChart(id, title, description, currency.code(), legend, laidOut, bars, ticks);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return BarChart.LEFT;
    }

    public int axisLabelX() {
        return BarChart.LEFT - 8;
    }

    public int right() {
        return WIDTH - BarChart.RIGHT;
    }

    public int baseline() {
        return HEIGHT - BarChart.BOTTOM;
    }
}
