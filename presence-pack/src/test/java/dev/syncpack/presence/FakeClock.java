package dev.syncpack.presence;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests set and move by hand; thread-safe. Public for the test-jar's model check. */
public final class FakeClock implements InstantSource {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    @Override
    public Instant instant() {
        return now.get();
    }

    /** @param epochMillis the new time */
    public void setMillis(long epochMillis) {
        now.set(Instant.ofEpochMilli(epochMillis));
    }

    /** @param by how far to move the time forward */
    public void advance(Duration by) {
        now.updateAndGet(current -> current.plus(by));
    }
}
