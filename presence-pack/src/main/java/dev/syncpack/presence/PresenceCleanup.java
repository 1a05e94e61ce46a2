package dev.syncpack.presence;

import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.mutation.MutationActions;
import dev.syncpack.spi.schedule.Backoff;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Duration;

/**
 * The durable sweep: removes expired sessions no node pushed out, e.g. those of a crashed node in a
 * shared store. Per batch, one store call deletes the earliest expired sessions, each only if still
 * expired (a session renewed meanwhile stays), and the removals are published.
 */
final class PresenceCleanup {

    /**
     * Sessions deleted per batch: one read and one delete statement on a database store, during
     * which this node's presence writes wait.
     */
    static final int BATCH = 5000;
    /** Attempts of one sweep. */
    static final int ATTEMPTS = 3;

    private final PresenceService service;
    private final PresenceStore store;

    PresenceCleanup(PresenceService service) {
        this.service = service;
        this.store = service.store();
    }

    ScheduleDefinition definition() {
        PresenceConfig config = service.config();
        RetryPolicy retry = RetryPolicy.attempts(ATTEMPTS)
                .withBackoff(Backoff.exponential(Duration.ofMillis(100), 2, Duration.ofSeconds(2), 0.2));
        return new ScheduleDefinition(config.names().cleanup(), config.cleanupCron(), this::sweep, retry);
    }

    /**
     * @param actions unused: the sweep publishes through the pack runtime, under each key's lock
     * @return how many sessions it removed
     */
    int sweep(MutationActions actions) {
        int removed = 0;
        while (true) {
            int deleted = service.removeExpired(store.now(), BATCH).size();
            removed += deleted;
            if (deleted < BATCH) {
                return removed;
            }
        }
    }
}
