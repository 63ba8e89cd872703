package org.cmoportal.statement.chart;

import java.util.ArrayList;
import java.util.List;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * A period's money flow as a three-column flow diagram: the filings' pool, its categories (the ones this
 * CMO administers, and the rest), and where each administered category went (fees, members, suspense).
 * Band widths are proportional to amounts; drawn as inline SVG by templates/tags/flow.html.
 */
public record FlowChart(String id, String title, String description, List<Node> nodes, List<Link> links) {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 340;
    private static final int TOP = 10;
    private static final int NODE_WIDTH = 14;
    private static final int GAP = 14;
    private static final int[] COLUMN_X = {10, 320, 610};

    /** A category's part of the flow: its amount and how it split. */
    public record CategoryFlow(String label, long amount, long fee, long paid, long suspense) {
    }

    /** A box in a column. {@code kind} picks its colour class. */
    public record Node(String label, long value, String formatted, int x, int y, int height, String kind) {

        public int width() {
            return NODE_WIDTH;
        }

        public int labelX() {
            return x + NODE_WIDTH + 6;
        }

        public int labelY() {
            return y + Math.max(height / 2, 6) - 2;
        }

        public int valueY() {
            return labelY() + 15;
        }
    }

    /** A band from one node to another, as an SVG path. */
    public record Link(String from, String to, long value, String formatted, String path, String kind) {
    }

    public static FlowChart of(String id, long pool, List<CategoryFlow> categories, CurrencyUnit currency) {
        long administered = categories.stream().mapToLong(CategoryFlow::amount).sum();
        long elsewhere = Math.max(0, pool - administered);
        long fees = categories.stream().mapToLong(CategoryFlow::fee).sum();
        long paid = categories.stream().mapToLong(CategoryFlow::paid).sum();
        long suspense = categories.stream().mapToLong(CategoryFlow::suspense).sum();
        int middleCount = categories.size() + (elsewhere > 0 ? 1 : 0);
        int avail = HEIGHT - 2 * TOP - GAP * Math.max(2, middleCount - 1);
        long total = Math.max(1, pool);

        List<Node> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Node poolNode = node("Pool of the filings", pool, 0, TOP, avail, total, currency, "pool");
        nodes.add(poolNode);

        // right column first, so the middle column's bands know where they land
        long[] rightValues = {fees, paid, suspense};
        String[] rightLabels = {"CMO fees", "Distributed to members", "Held in suspense"};
        String[] rightKinds = {"fee", "paid", "suspense"};
        Node[] right = new Node[3];
        int ry = TOP;
        for (int i = 0; i < 3; i++) {
            right[i] = node(rightLabels[i], rightValues[i], 2, ry, avail, total, currency, rightKinds[i]);
            ry += right[i].height() + GAP;
            nodes.add(right[i]);
        }
        int[] rightFilled = new int[3];

        int my = TOP;
        int poolOut = 0;
        int index = 0;
        for (CategoryFlow c : categories) {
            Node mid = node(c.label(), c.amount(), 1, my, avail, total, currency, "c" + (index++ % 8));
            nodes.add(mid);
            links.add(link(poolNode, poolOut, mid, 0, mid.height(), c.amount(), currency, mid.kind()));
            poolOut += mid.height();
            long[] parts = {c.fee(), c.paid(), c.suspense()};
            int out = 0;
            for (int i = 0; i < 3; i++) {
                int h = px(parts[i], avail, total);
                if (parts[i] > 0) {
                    links.add(link(mid, out, right[i], rightFilled[i], h, parts[i], currency, rightKinds[i]));
                }
                out += h;
                rightFilled[i] += h;
            }
            my += mid.height() + GAP;
        }
        if (elsewhere > 0) {
            Node other = node("Categories other CMOs administer", elsewhere, 1, my, avail, total, currency, "elsewhere");
            nodes.add(other);
            links.add(link(poolNode, poolOut, other, 0, other.height(), elsewhere, currency, "elsewhere"));
        }
        String description = "Of a pool of " + Amounts.formatGrouped(pool, currency) + " " + currency.code() + ", "
                + Amounts.formatGrouped(administered, currency) + " falls in categories this CMO administers: "
                + Amounts.formatGrouped(fees, currency) + " in fees, " + Amounts.formatGrouped(paid, currency)
                + " distributed to members, " + Amounts.formatGrouped(suspense, currency) + " held in suspense.";
        return new FlowChart(id, "Where the period's money went", description, nodes, links);
    }

    private static int px(long value, int avail, long total) {
        if (value <= 0) {
            return 0;
        }
        return (int) Math.max(1, value * avail / total);
    }

    private static Node node(String label, long value, int column, int y, int avail, long total, CurrencyUnit currency,
            String kind) {
        return new Node(label, value, Amounts.formatGrouped(value, currency), COLUMN_X[column], y, px(value, avail, total),
                kind);
    }

    private static Link link(Node from, int fromOffset, Node to, int toOffset, int thickness, long value,
            CurrencyUnit currency, String kind) {
        int x0 = from.x() + NODE_WIDTH;
        int x1 = to.x();
        int xm = (x0 + x1) / 2;
        int y0 = from.y() + fromOffset;
        int y1 = to.y() + toOffset;
        int t = Math.max(1, thickness);
        String path = "M" + x0 + "," + y0 + " C" + xm + "," + y0 + " " + xm + "," + y1 + " " + x1 + "," + y1
                + " L" + x1 + "," + (y1 + t) + " C" + xm + "," + (y1 + t) + " " + xm + "," + (y0 + t) + " " + x0 + ","
                + (y0 + t) + " Z";
        return new Link(from.label(), to.label(), value, Amounts.formatGrouped(value, currency), path, kind);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
