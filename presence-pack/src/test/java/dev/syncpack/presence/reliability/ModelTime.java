package dev.syncpack.presence.reliability;

import dev.syncpack.presence.FakeClock;
import dev.syncpack.presence.store.PresenceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * How a model check moves time: a virtual clock shared by the pack and a store that takes a clock
 * (exact, fast, and the sequential model can be compared with the store), or the store's own clock
 * (a database's), where time passes for real and only the model-independent invariants are checked.
 */
public sealed interface ModelTime {

    /** @return a virtual clock the check moves by hand */
    static ModelTime virtual() {
        return new Virtual();
    }

    /** @return the store's own clock; {@link Op.Advance} then waits for real */
    static ModelTime storeClock() {
        return new StoreClock();
    }

    /** Makes the store for one schedule and the clock the pack and engine read. */
    Bound bind(Function<InstantSource, PresenceStore> stores);

    /**
     * One schedule's store and the time it is measured by.
     *
     * @param store the store under test
     * @param clock the clock the pack's timers and the engine read
     * @param exact true when the clock stands still between ops, so the sequential model applies
     * @param advance moves the time forward by the given millis
     */
    record Bound(PresenceStore store, InstantSource clock, boolean exact, Advance advance) {
    }

    /** Moves time forward. */
    interface Advance {
        void by(long millis);
    }

    /** A virtual clock starting at epoch ms 1 000 000. */
    record Virtual() implements ModelTime {
        @Override
        public Bound bind(Function<InstantSource, PresenceStore> stores) {
            FakeClock fresh = new FakeClock();
            fresh.setMillis(1_000_000);
            return new Bound(stores.apply(fresh), fresh, true, millis -> fresh.advance(Duration.ofMillis(millis)));
        }
    }

    /** The store's clock; advancing waits until the store's time has moved on. */
    record StoreClock() implements ModelTime {
        @Override
        public Bound bind(Function<InstantSource, PresenceStore> stores) {
            PresenceStore store = stores.apply(InstantSource.system());
            InstantSource clock = store::now;
            return new Bound(store, clock, false, millis -> waitFor(store, store.now().plusMillis(millis)));
        }

        private static void waitFor(PresenceStore store, Instant target) {
            for (Instant now = store.now(); now.isBefore(target); now = store.now()) {
                sleep(Duration.between(now, target).toMillis() + 1);
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the store's clock", e);
            }
        }
    }
}
