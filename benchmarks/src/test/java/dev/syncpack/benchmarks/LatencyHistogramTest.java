package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Test
    void percentiles_ofSmallValues_areExact() {
        LongStream.rangeClosed(1, 100).forEach(histogram::record);

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileNanos(50)).isEqualTo(50);
        assertThat(histogram.percentileNanos(99)).isEqualTo(99);
        assertThat(histogram.percentileNanos(100)).isEqualTo(100);
    }

    @Test
    void percentiles_ofLargeValues_neverUnderstateAndStayWithinOnePercent() {
        LongStream.rangeClosed(1, 10_000).forEach(i -> histogram.record(i * 1_000_000L));

        long p99 = histogram.percentileNanos(99);

        assertThat(p99).isGreaterThanOrEqualTo(9_900_000_000L);
        assertThat((double) p99).isCloseTo(9_900_000_000.0, within(9_900_000_000.0 * 0.01));
        assertThat(histogram.percentileMillis(50)).isCloseTo(5_000.0, within(50.0));
    }

    @Test
    void percentile100_isTheLargestValueRecorded() {
        histogram.record(3);
        histogram.record(123_456_789);

        assertThat(histogram.percentileNanos(100)).isEqualTo(123_456_789);
        assertThat(histogram.maxNanos()).isEqualTo(123_456_789);
    }

    @Test
    void record_negativeValue_countsAsZero() {
        histogram.record(-5);

        assertThat(histogram.percentileNanos(100)).isZero();
    }

    @Test
    void bucketBounds_holdEveryValueTheyIndex() {
        for (long value : new long[] {0, 1, 255, 256, 257, 1_000, 65_535, 1L << 40, Long.MAX_VALUE}) {
            int index = LatencyHistogram.indexOf(value);

            assertThat(LatencyHistogram.highestValueOf(index)).isGreaterThanOrEqualTo(value);
            assertThat(index == 0 || LatencyHistogram.highestValueOf(index - 1) < value).isTrue();
        }
    }

    @Test
    void percentile_withoutSamples_isRefused() {
        assertThatThrownBy(() -> histogram.percentileNanos(50))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no latency was recorded");
    }

    @Test
    void percentile_outOfRange_isRefused() {
        histogram.record(1);

        assertThatThrownBy(() -> histogram.percentileNanos(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percentile must be in (0, 100], was 0.0");
    }
}
