package dev.syncpack.presence;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests set and move by hand; thread-safe. */
final class FakeClock implements InstantSource {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    @Override
    public Instant instant() {
        return now.get();
    }

    void setMillis(long epochMillis) {
        now.set(Instant.ofEpochMilli(epochMillis));
    }

    void advance(Duration by) {
        now.updateAndGet(current -> current.plus(by));
    }
}
