package dev.syncpack.benchmarks;

import java.util.List;
import java.util.Objects;

/**
 * What one figure's JVM hands back to the report: its row and, for the fan-out figure, the
 * points of the chart.
 *
 * @param result the figure's row
 * @param chart chart points (series, channel size, p99 in ms), empty for figures without a chart
 */
record Outcome(FigureResult result, List<Point> chart) {

    /** Copies {@code chart}. */
    Outcome {
        Objects.requireNonNull(result, "result");
        chart = List.copyOf(chart);
    }

    /**
     * @param result the figure's row
     * @return an outcome without chart points
     */
    static Outcome of(FigureResult result) {
        return new Outcome(result, List.of());
    }

    /**
     * One point of a chart.
     *
     * @param series the line it belongs to, named as the legend shows it
     * @param x the abscissa
     * @param y the ordinate
     */
    record Point(String series, double x, double y) {
    }
}
