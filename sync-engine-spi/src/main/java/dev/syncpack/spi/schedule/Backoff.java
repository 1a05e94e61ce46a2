package dev.syncpack.spi.schedule;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The pause before the next attempt of a retried handler. */
@FunctionalInterface
public interface Backoff {

    /**
     * @param failedAttempt the attempt that just failed, starting at 1
     * @return how long to wait before the next one
     */
    Duration delayAfter(int failedAttempt);

    /**
     * Exponential backoff: {@code base * factor^(attempt-1)}, capped at {@code max}, then spread by
     * ±{@code jitter} (0.2 means ±20 %).
     *
     * @param base the first delay
     * @param factor the growth per attempt, at least 1
     * @param max the cap
     * @param jitter the random spread, from 0 to 1
     * @return the backoff
     * @throws IllegalArgumentException when a value is out of its range
     */
    static Backoff exponential(Duration base, double factor, Duration max, double jitter) {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= max, was base " + base + ", max " + max);
        }
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("backoff factor must be at least 1, was " + factor);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff jitter must be between 0 and 1, was " + jitter);
        }
        return attempt -> {
            double raw = base.toNanos() * Math.pow(factor, Math.max(0, attempt - 1));
            double capped = Math.min(raw, max.toNanos());
            double spread = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
            return Duration.ofNanos((long) (capped * spread));
        };
    }

    /** @return 25 ms doubling up to 1 s with ±20 % jitter */
    static Backoff standard() {
        return exponential(Duration.ofMillis(25), 2, Duration.ofSeconds(1), 0.2);
    }
}
