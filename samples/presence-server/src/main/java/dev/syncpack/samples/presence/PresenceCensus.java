package dev.syncpack.samples.presence;

import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.store.PresenceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Counts the live presence sessions and channels of a store, for the metrics gauges. */
final class PresenceCensus {

    /** Far more sessions than one sample server can hold, so the census never stops short. */
    private static final int MAX_SESSIONS = 1_000_000;
    /** Far longer than any session lives without a heartbeat. */
    private static final Duration HORIZON = Duration.ofDays(366);

    /**
     * @param sessions live sessions
     * @param channels distinct (workspace, channel) pairs with a live session
     */
    record Count(int sessions, int channels) {
    }

    private final PresenceStore store;

    PresenceCensus(PresenceStore store) {
        this.store = store;
    }

    /**
     * The store lists sessions by expiry: those expired by a far horizon are all stored sessions,
     * and taking away those already expired now leaves the live ones.
     *
     * @return the live sessions and channels right now
     */
    Count count() {
        Instant now = store.now();
        List<SessionKey> stored = store.expired(now.plus(HORIZON), MAX_SESSIONS);
        Set<SessionKey> live = new HashSet<>(stored);
        store.expired(now, MAX_SESSIONS).forEach(live::remove);
        return new Count(live.size(), (int) live.stream().map(SessionKey::channelKey).distinct().count());
    }
}
