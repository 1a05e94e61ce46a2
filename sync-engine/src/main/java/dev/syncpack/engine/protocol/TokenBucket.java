package dev.syncpack.engine.protocol;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A token bucket in whole-number arithmetic: {@code capacity} tokens, refilled at {@code perSecond}.
 * Not thread-safe; the connection calls it under its inbound lock.
 */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final InstantSource clock;
    private final long perSecond;
    /** Credit is counted in billionths of a token, so refills never round. */
    private final long capacityCredit;
    private long credit;
    private Instant lastRefill;

    TokenBucket(int perSecond, int capacity, InstantSource clock) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.capacityCredit = capacity * NANOS_PER_SECOND;
        this.credit = capacityCredit;
        this.lastRefill = clock.instant();
    }

    /** @return true when a token was taken, false when the bucket is empty */
    boolean tryTake() {
        refill();
        if (credit < NANOS_PER_SECOND) {
            return false;
        }
        credit -= NANOS_PER_SECOND;
        return true;
    }

    private void refill() {
        Instant now = clock.instant();
        if (!now.isAfter(lastRefill)) {
            return;
        }
        long nanosUntilFull = (capacityCredit - credit) / perSecond + 1;
        Duration elapsed = Duration.between(lastRefill, now);
        long usefulNanos = elapsed.compareTo(Duration.ofNanos(nanosUntilFull)) >= 0 ? nanosUntilFull : elapsed.toNanos();
        credit = Math.min(capacityCredit, credit + usefulNanos * perSecond);
        lastRefill = now;
    }
}
