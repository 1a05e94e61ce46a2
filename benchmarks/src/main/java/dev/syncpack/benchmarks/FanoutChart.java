package dev.syncpack.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the fan-out chart: update→delivered p99 against the number of subscribers of a channel, one
 * line per way of delivering.
 */
final class FanoutChart {

    private FanoutChart() {
    }

    /**
     * @param points (series, channel size, p99 in ms), as the fan-out figure measured them; one line per series
     * @param file the PNG to write; its directory is created
     * @throws IOException when the file cannot be written
     */
    static void write(List<Outcome.Point> points, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("Fan-out: update→delivered p99 against channel size (1 k changes/s)")
                .xAxisTitle("subscribed sessions in the channel").yAxisTitle("p99 (ms, log scale)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        Map<String, List<Outcome.Point>> bySeries = points.stream()
                .collect(Collectors.groupingBy(Outcome.Point::series, LinkedHashMap::new, Collectors.toList()));
        bySeries.forEach((series, line) -> chart.addSeries(series, line.stream().map(Outcome.Point::x).toList(),
                line.stream().map(Outcome.Point::y).toList()).setMarker(SeriesMarkers.CIRCLE));
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString();
        Path withoutExtension = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
