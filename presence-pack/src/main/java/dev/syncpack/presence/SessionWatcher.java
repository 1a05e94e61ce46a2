package dev.syncpack.presence;

import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * One pending timer per session this node watches, at or before the session's next deadline
 * (expiry, typing end or activity change). Callers hold the session key's lock when they watch,
 * forget or claim.
 *
 * <p>A heartbeat moves a session's deadline later every time; rescheduling a timer for each would
 * cost more than the heartbeat itself. So a later deadline only updates the watch, and when the
 * timer fires before the deadline, {@link #claim} arms it again for the deadline: a session costs
 * one timer per time-to-live, not one per heartbeat. An earlier deadline replaces the timer.
 */
final class SessionWatcher implements AutoCloseable {

    /**
     * The deadline, and when the timer that will look at it fires, in epoch milliseconds rounded up
     * (every heartbeat reads them, and a number is one memory access less than an {@link Instant});
     * guarded by the key's lock.
     */
    private static final class Watch {
        private long deadline;
        private final long firesAt;
        private final PresenceTimer.Scheduled timer;

        Watch(long deadline, long firesAt, PresenceTimer.Scheduled timer) {
            this.deadline = deadline;
            this.firesAt = firesAt;
            this.timer = timer;
        }
    }

    private final PresenceTimer timer;
    private final Consumer<SessionKey> onDue;
    private final ConcurrentMap<SessionKey, Watch> watches = new ConcurrentHashMap<>();

    /**
     * @param timer runs the checks
     * @param onDue called on the timer's thread when a session's timer fires; it takes the key's
     *     lock and {@link #claim}s the watch
     */
    SessionWatcher(PresenceTimer timer, Consumer<SessionKey> onDue) {
        this.timer = timer;
        this.onDue = onDue;
    }

    /** Makes sure a check for {@code key} runs at {@code at}, and none before unless already armed. */
    void watch(SessionKey key, Instant at) {
        long atMillis = ceilingMillis(at);
        Watch current = watches.get(key);
        if (current != null && current.firesAt <= atMillis) {
            current.deadline = atMillis;
            return;
        }
        if (current != null) {
            current.timer.cancel();
        }
        arm(key, at);
    }

    /** Stops watching {@code key}. */
    void forget(SessionKey key) {
        Watch current = watches.remove(key);
        if (current != null) {
            current.timer.cancel();
        }
    }

    /**
     * @param key a session whose timer fired
     * @param now the current time
     * @return true when the watch of {@code key} was due at or before {@code now}; it is removed,
     *     and the caller settles the session and watches it again. When the deadline moved later
     *     since the timer was set, the timer is set again for it and this returns false.
     */
    boolean claim(SessionKey key, Instant now) {
        Watch current = watches.get(key);
        long nowMillis = now.toEpochMilli();
        if (current == null || current.firesAt > nowMillis) {
            return false;
        }
        if (current.deadline > nowMillis) {
            arm(key, current.deadline);
            return false;
        }
        watches.remove(key, current);
        return true;
    }

    @Override
    public void close() {
        watches.clear();
        timer.close();
    }

    private void arm(SessionKey key, Instant at) {
        arm(key, ceilingMillis(at));
    }

    private void arm(SessionKey key, long atMillis) {
        watches.put(key, new Watch(atMillis, atMillis,
                timer.schedule(Instant.ofEpochMilli(atMillis), () -> onDue.accept(key))));
    }

    /** Rounds up, so that no check runs before the time it was asked for. */
    private static long ceilingMillis(Instant at) {
        long millis = at.toEpochMilli();
        return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
