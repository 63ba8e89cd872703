package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.statement.chart.BarChart;
import org.cmoportal.statement.chart.FlowChart;
import org.cmoportal.statement.chart.GroupedBarChart;
import org.cmoportal.statement.chart.HBarChart;
import org.junit.jupiter.api.Test;

/** The charts' geometry: proportional, inside the drawing, with every value labelled for the table fallback. */
class ChartTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    @Test
    void horizontalBarsAreProportionalAndSortedLargestFirst() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("news", 100L);
        values.put("code", 400L);
        values.put("books", 0L);
        HBarChart c = HBarChart.of("x", "t", "d", values, USD);
        assertThat(c.rows()).extracting(HBarChart.Row::label).containsExactly("code", "news", "books");
        assertThat(c.rows()).extracting(HBarChart.Row::width).containsExactly(HBarChart.BAR_AREA, HBarChart.BAR_AREA / 4, 0);
        assertThat(c.rows()).extracting(HBarChart.Row::formatted).containsExactly("4.00", "1.00", "0.00");
        assertThat(c.rows()).extracting(HBarChart.Row::share).containsExactly("80%", "20%", "0%");
    }

    @Test
    void verticalBarsFitUnderANiceAxis() {
        BarChart c = BarChart.of("x", "t", "d", "v", List.of(new BarChart.Input("Q1", 730), new BarChart.Input("Q2", 0),
                new BarChart.Input("Q3", 1)), Long::toString);
        assertThat(c.ticks()).extracting(BarChart.Tick::label).containsExactly("0", "200", "400", "600", "800");
        for (BarChart.Bar b : c.bars()) {
            assertThat(b.y() + b.height()).isEqualTo(c.baseline());
            assertThat(b.y()).isGreaterThanOrEqualTo(BarChart.TOP);
        }
        assertThat(c.bars().get(1).height()).isZero();
        assertThat(c.bars().get(2).height()).isEqualTo(2); // a tiny value stays visible
    }

    @Test
    void groupedBarsDrawOneBarPerSeriesWithAValueAndKeepEveryValueForTheTable() {
        Map<String, Map<String, Long>> values = Map.of("2027-Q1", Map.of("A", 400L, "B", 100L), "2027-Q2", Map.of("B", 250L));
        GroupedBarChart c = GroupedBarChart.of("g", "t", "d", List.of("2027-Q1", "2027-Q2"), List.of("A", "B"), values, USD);
        assertThat(c.bars()).extracting(b -> b.group() + "/" + b.series()).containsExactly("2027-Q1/A", "2027-Q1/B", "2027-Q2/B");
        assertThat(c.groups().get(1).formatted()).containsExactly("0.00", "2.50");
        GroupedBarChart.Bar top = c.bars().get(0);
        for (GroupedBarChart.Bar b : c.bars()) {
            assertThat(b.y() + b.height()).isEqualTo(c.baseline());
            assertThat(b.x()).isGreaterThanOrEqualTo(c.left());
            assertThat(b.x() + b.width()).isLessThanOrEqualTo(c.right());
            // proportional: 100 is a quarter of 400
            assertThat(b.height() * 400L).isCloseTo(top.height() * b.value(), org.assertj.core.data.Offset.offset(400L * 2));
        }
        assertThat(c.bars().get(1).x()).isGreaterThan(top.x());
        assertThat(c.series()).extracting(GroupedBarChart.Series::colour).containsExactly(0, 1);
    }

    @Test
    void flowBandsCarryEveryAmountAndFitTheDrawing() {
        FlowChart f = FlowChart.of("f", 10_000, List.of(new FlowChart.CategoryFlow("News", 3_000, 300, 2_000, 700),
                new FlowChart.CategoryFlow("Code", 5_000, 500, 4_500, 0)), USD);
        // pool -> 2 categories and the rest; News -> 3 ends; Code -> fee and paid (no suspense)
        assertThat(f.links()).hasSize(3 + 3 + 2);
        assertThat(f.nodes()).extracting(FlowChart.Node::label).contains("Pool of the filings", "CMO fees", "Distributed to members",
                "Held in suspense", "News", "Code", "Categories other CMOs administer");
        for (FlowChart.Node n : f.nodes()) {
            assertThat(n.y() + n.height()).isLessThanOrEqualTo(FlowChart.HEIGHT);
        }
        assertThat(f.description()).contains("100.00 USD", "80.00", "8.00 in fees", "65.00 distributed to members", "7.00 held in suspense");
    }
}
