package dev.syncpack.presence;

import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.mutation.MutationActions;
import dev.syncpack.spi.schedule.Backoff;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable sweep: removes expired sessions no node pushed out, e.g. those of a crashed node in a
 * shared store. Steps, per batch: read expired keys, delete them in one store call, each only if
 * still expired (a session renewed meanwhile stays), publish the removals.
 */
final class PresenceCleanup {

    /** Keys read and deleted per batch: one read and one delete statement on a database store. */
    static final int BATCH = 1000;
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
            Instant now = store.now();
            List<SessionKey> expired = store.expired(now, BATCH);
            int deleted = service.removeAll(expired, keys -> store.deleteAllIfExpired(keys, now)).size();
            removed += deleted;
            if (expired.size() < BATCH || deleted == 0) {
                return removed;
            }
        }
    }
}
