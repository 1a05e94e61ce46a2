package dev.syncpack.presence;

import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * One pending timer per session this node watches, at the session's next deadline (expiry, typing
 * end or activity change). Callers hold the session key's lock when they watch, forget or claim.
 */
final class SessionWatcher implements AutoCloseable {

    private record Watch(Instant at, PresenceTimer.Scheduled handle) {
    }

    private final PresenceTimer timer;
    private final Consumer<SessionKey> onDue;
    private final ConcurrentMap<SessionKey, Watch> watches = new ConcurrentHashMap<>();

    /**
     * @param timer runs the checks
     * @param onDue called on the timer's thread when a session's deadline arrives; it takes the
     *     key's lock and {@link #claim}s the watch
     */
    SessionWatcher(PresenceTimer timer, Consumer<SessionKey> onDue) {
        this.timer = timer;
        this.onDue = onDue;
    }

    /** Makes sure a check for {@code key} runs at {@code at}, replacing a check at another time. */
    void watch(SessionKey key, Instant at) {
        Watch current = watches.get(key);
        if (current != null && current.at().equals(at)) {
            return;
        }
        if (current != null) {
            current.handle().cancel();
        }
        watches.put(key, new Watch(at, timer.schedule(at, () -> onDue.accept(key))));
    }

    /** Stops watching {@code key}. */
    void forget(SessionKey key) {
        Watch current = watches.remove(key);
        if (current != null) {
            current.handle().cancel();
        }
    }

    /**
     * @param key a session whose check fired
     * @param now the current time
     * @return true when a watch of {@code key} was due at or before {@code now}; it is removed,
     *     and the caller settles the session and watches it again
     */
    boolean claim(SessionKey key, Instant now) {
        Watch current = watches.get(key);
        if (current == null || current.at().isAfter(now)) {
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
}
