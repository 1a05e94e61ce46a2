package dev.syncpack.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts latencies in nanoseconds in log-linear buckets (128 per power of two, so any value is
 * reported within 0.8% of what was recorded) and answers percentiles. Recording is thread-safe,
 * allocation-free and constant time, so millions of samples a second cost no memory and no GC.
 *
 * <p>A percentile is reported as the highest value its bucket can hold (like HdrHistogram's
 * "highest equivalent value"), capped by the largest value recorded: it never understates.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 7;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKETS = (64 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong max = new AtomicLong();

    /**
     * Records one latency.
     *
     * @param nanos the latency; a negative value (a clock read out of order) counts as 0
     */
    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(indexOf(value));
        long highest = max.get();
        while (value > highest && !max.compareAndSet(highest, value)) {
            highest = max.get();
        }
    }

    /** @return how many latencies were recorded */
    long count() {
        long total = 0;
        for (int index = 0; index < BUCKETS; index++) {
            total += counts.get(index);
        }
        return total;
    }

    /** @return the largest latency recorded, 0 when none */
    long maxNanos() {
        return max.get();
    }

    /**
     * The latency that {@code percentile} percent of the samples do not exceed.
     *
     * @param percentile from 0 (exclusive) to 100 (inclusive)
     * @return that latency in nanoseconds
     * @throws IllegalArgumentException when {@code percentile} is out of range
     * @throws IllegalStateException when nothing was recorded
     */
    long percentileNanos(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        long samples = count();
        if (samples == 0) {
            throw new IllegalStateException("no latency was recorded");
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * samples));
        long seen = 0;
        for (int index = 0; index < BUCKETS; index++) {
            seen += counts.get(index);
            if (seen >= rank) {
                return Math.min(highestValueOf(index), maxNanos());
            }
        }
        return maxNanos();
    }

    /**
     * @param percentile as for {@link #percentileNanos}
     * @return that latency in milliseconds
     */
    double percentileMillis(double percentile) {
        return percentileNanos(percentile) / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    static int indexOf(long value) {
        if (value < 2 * SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BUCKET_BITS;
        return (shift + 1) * SUB_BUCKETS + (int) (value >>> shift) - SUB_BUCKETS;
    }

    static long highestValueOf(int index) {
        if (index < 2 * SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long subBucket = index % SUB_BUCKETS + SUB_BUCKETS;
        return ((subBucket + 1) << shift) - 1;
    }
}
