package org.cmoportal.statement.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * Horizontal bars for a split (by category, by builder), laid out on the server for an inline SVG with
 * a title, a description and a table fallback (templates/tags/hbars.html).
 */
public record HBarChart(String id, String title, String description, List<Row> rows, String unit) {

    public static final int WIDTH = 640;
    public static final int LABEL_WIDTH = 170;
    public static final int BAR_AREA = 330;
    public static final int ROW_HEIGHT = 30;
    public static final int BAR_HEIGHT = 18;

    /**
     * One bar: label, value, its share of the total, and where it is drawn. It carries the chart's constants
     * too, so the template's loop reads only its own row (a lookup outside a Qute loop walks every scope).
     */
    public record Row(String label, String shortLabel, long value, String formatted, String share, int y, int width,
            int colour, String unit) {

        public int labelX() {
            return LABEL_WIDTH - 10;
        }

        public int barX() {
            return LABEL_WIDTH;
        }

        public int barHeight() {
            return BAR_HEIGHT;
        }

        public int textY() {
            return y + 13;
        }

        public int valueX() {
            return LABEL_WIDTH + width + 8;
        }
    }

    public static HBarChart of(String id, String title, String description, Map<String, Long> values, CurrencyUnit currency) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(values.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed()
                .thenComparing(Map.Entry::getKey));
        long max = entries.stream().mapToLong(Map.Entry::getValue).max().orElse(0);
        long total = entries.stream().mapToLong(Map.Entry::getValue).sum();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<String, Long> e = entries.get(i);
            int width = max == 0 ? 0 : (int) Math.max(e.getValue() > 0 ? 2 : 0, e.getValue() * BAR_AREA / max);
            rows.add(new Row(e.getKey(), shorten(e.getKey(), 24), e.getValue(), Amounts.formatGrouped(e.getValue(), currency),
                    Percent.of(e.getValue(), total), 6 + i * ROW_HEIGHT, width, i % 8, currency.code()));
        }
        return new HBarChart(id, title, description, rows, currency.code());
    }

    public int height() {
        return Math.max(1, rows.size()) * ROW_HEIGHT + 12;
    }

    public int width() {
        return WIDTH;
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
