package dev.syncpack.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the fan-out chart: update→delivered p99 against the number of subscribers of a channel. */
final class FanoutChart {

    private FanoutChart() {
    }

    /**
     * @param points (channel size, p99 in ms), as the fan-out figure measured them
     * @param file the PNG to write; its directory is created
     * @throws IOException when the file cannot be written
     */
    static void write(List<Outcome.Point> points, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("Fan-out: update→delivered p99 against channel size (1 k changes/s)")
                .xAxisTitle("subscribed sessions in the channel").yAxisTitle("p99 (ms)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.addSeries("p99", points.stream().map(Outcome.Point::x).toList(),
                points.stream().map(Outcome.Point::y).toList()).setMarker(SeriesMarkers.CIRCLE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString();
        Path withoutExtension = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
