package org.cmoportal.valuation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.DoubleUnaryOperator;

import org.cmoportal.distribution.ScalingLaw;

/**
 * The loss surface of a valuation's fitted law, sliced twice and laid out on the server for an inline SVG: the loss
 * against training tokens D at the model's N, and against parameters N at the model's D, each on a logarithmic axis
 * with the baseline and the model marked. The drop between the two marks of a slice is that slice's phi: the law is
 * additive, so L(N, D0) - L(N, D) is exactly phi_data. For reading only: the share is computed by {@link ScalingLaw}.
 */
public record LossChart(String id, String title, String description, List<Panel> panels) {

    public static final int WIDTH = 680;
    public static final int HEIGHT = 300;
    static final int PANEL = WIDTH / 2;
    static final int LEFT = 56;
    static final int RIGHT = 18;
    static final int TOP = 34;
    static final int BOTTOM = 50;
    static final int SAMPLES = 64;
    private static final double HALF_DECADE = Math.sqrt(10);

    /** A gridline or axis tick: where it is and what it says. */
    public record Tick(int at, String label) {
    }

    /** A marked point (the baseline or the model) and its label. */
    public record Mark(String label, int x, int y, String value) {

        public int labelY() {
            return y - 9;
        }
    }

    /**
     * One slice.
     *
     * @param points the curve as SVG polyline points
     * @param dropX  where the drop from the baseline's loss to the model's is drawn, with {@code dropLabel}
     */
    public record Panel(String title, String axis, int left, int right, int top, int bottom, String points, List<Tick> xTicks,
            List<Tick> yTicks, Mark baseline, Mark model, int dropX, String dropLabel) {

        public int centre() {
            return (left + right) / 2;
        }

        public int titleY() {
            return top - 14;
        }

        public int axisY() {
            return bottom + 38;
        }

        public int tickLabelY() {
            return bottom + 18;
        }

        public int yLabelX() {
            return left - 6;
        }

        public int dropLabelX() {
            return dropX - 6;
        }

        public int dropLabelY() {
            return (baseline.y() + model.y()) / 2 + 4;
        }
    }

    public static LossChart of(String id, ScalingLaw.Valuation v) {
        ScalingLaw.Fit fit = v.fit();
        Panel data = panel("Loss against training tokens at N = " + Valuations.compact(v.n()), "training tokens D (log scale)", 0,
                dd -> fit.loss(v.n(), dd), v.d0(), v.d(), "φ data " + Valuations.compact(v.phiData()));
        Panel params = panel("Loss against parameters at D = " + Valuations.compact(v.d()), "parameters N (log scale)", PANEL,
                nn -> fit.loss(nn, v.d()), v.n0(), v.n(), "φ params " + Valuations.compact(v.phiParams()));
        String description = "The fitted law's loss against training tokens D at N = " + Valuations.compact(v.n())
                + " (left) and against parameters N at D = " + Valuations.compact(v.d()) + " (right). From the baseline (N0 = "
                + Valuations.compact(v.n0()) + ", D0 = " + Valuations.compact(v.d0()) + ") the extra data lowers the loss by "
                + Valuations.compact(v.phiData()) + " and the extra parameters by " + Valuations.compact(v.phiParams())
                + ": the data-value share is " + v.shareText() + ".";
        return new LossChart(id, "The loss surface, sliced at the model", description, List.of(data, params));
    }

    private static Panel panel(String title, String axis, int offset, DoubleUnaryOperator loss, double baseline, double model,
            String dropLabel) {
        double lo = baseline / HALF_DECADE;
        double hi = model * HALF_DECADE;
        double logLo = Math.log10(lo);
        double logSpan = Math.log10(hi) - logLo;
        int left = offset + LEFT;
        int right = offset + PANEL - RIGHT;
        int top = TOP;
        int bottom = HEIGHT - BOTTOM;

        double[] xs = new double[SAMPLES];
        double[] ys = new double[SAMPLES];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < SAMPLES; i++) {
            xs[i] = Math.pow(10, logLo + logSpan * i / (SAMPLES - 1));
            ys[i] = loss.applyAsDouble(xs[i]);
            min = Math.min(min, ys[i]);
            max = Math.max(max, ys[i]);
        }
        double[] axisRange = niceRange(min, max);
        double step = axisRange[2];
        DoubleUnaryOperator px = x -> left + (Math.log10(x) - logLo) / logSpan * (right - left);
        DoubleUnaryOperator py = y -> bottom - (y - axisRange[0]) / (axisRange[1] - axisRange[0]) * (bottom - top);

        StringJoiner points = new StringJoiner(" ");
        for (int i = 0; i < SAMPLES; i++) {
            points.add(round(px.applyAsDouble(xs[i])) + "," + round(py.applyAsDouble(ys[i])));
        }
        List<Tick> xTicks = new ArrayList<>();
        int firstPower = (int) Math.ceil(logLo - 1e-9);
        int lastPower = (int) Math.floor(logLo + logSpan + 1e-9);
        int every = Math.max(1, (lastPower - firstPower + 1 + 4) / 5);
        for (int p = firstPower; p <= lastPower; p += every) {
            xTicks.add(new Tick(round(px.applyAsDouble(Math.pow(10, p))), "1e" + p));
        }
        List<Tick> yTicks = new ArrayList<>();
        int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
        long steps = Math.round((axisRange[1] - axisRange[0]) / step);
        for (long i = 0; i <= steps; i++) {
            double y = axisRange[0] + i * step;
            yTicks.add(new Tick(round(py.applyAsDouble(y)), BigDecimal.valueOf(y).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString()));
        }
        double baselineLoss = loss.applyAsDouble(baseline);
        double modelLoss = loss.applyAsDouble(model);
        Mark b = new Mark("baseline", round(px.applyAsDouble(baseline)), round(py.applyAsDouble(baselineLoss)), Valuations.compact(baselineLoss));
        Mark m = new Mark("model", round(px.applyAsDouble(model)), round(py.applyAsDouble(modelLoss)), Valuations.compact(modelLoss));
        return new Panel(title, axis, left, right, top, bottom, points.toString(), xTicks, yTicks, b, m, m.x(), dropLabel);
    }

    /** An axis from {@code min} to {@code max} on round steps (1, 2 or 5 times a power of ten): {from, to, step}. */
    static double[] niceRange(double min, double max) {
        double span = max - min;
        if (!(span > 0)) {
            span = Math.max(Math.abs(max), 1) * 0.1;
            min -= span / 2;
            max += span / 2;
        }
        double raw = span / 4;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * power;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                step = m * power;
                break;
            }
        }
        double from = Math.floor(min / step) * step;
        double to = Math.ceil(max / step) * step;
        return new double[] {from, to, step};
    }

    private static int round(double value) {
        return (int) Math.round(value);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
