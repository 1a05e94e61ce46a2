package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndToEndFigureTest {

    @Test
    void bySecond_namesTheMedianP99AndTheWorstSecond_leavingOutSecondsWithNothingMeasured() {
        List<LatencyHistogram> seconds = List.of(histogram(20), new LatencyHistogram(), histogram(60), histogram(40),
                new LatencyHistogram());

        assertThat(EndToEndFigure.bySecond(seconds)).isEqualTo("median 40 ms, the worst 60 ms (second 3 of 4)");
    }

    @Test
    void bySecond_withNothingMeasured_saysSo() {
        assertThat(EndToEndFigure.bySecond(List.of(new LatencyHistogram()))).isEqualTo("none measured");
    }

    private static LatencyHistogram histogram(long millis) {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Duration.ofMillis(millis).toNanos());
        return histogram;
    }
}
