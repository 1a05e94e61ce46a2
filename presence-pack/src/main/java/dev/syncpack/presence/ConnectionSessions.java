package dev.syncpack.presence;

import dev.syncpack.presence.core.SessionKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which connection on this node last heartbeated each session, so a closed connection's sessions
 * can be given their reconnect grace. Callers hold the session key's lock.
 */
final class ConnectionSessions {

    private final ConcurrentMap<SessionKey, String> connectionOf = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<SessionKey>> sessionsOf = new ConcurrentHashMap<>();

    /** Records that {@code connectionId} now keeps {@code key} alive, taking it over from any other. */
    void attach(SessionKey key, String connectionId) {
        String previous = connectionOf.put(key, connectionId);
        if (previous != null && !previous.equals(connectionId)) {
            removeFromConnection(previous, key);
        }
        sessionsOf.compute(connectionId, (id, keys) -> {
            Set<SessionKey> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            set.add(key);
            return set;
        });
    }

    /** Forgets {@code key}, e.g. because the session ended. */
    void detach(SessionKey key) {
        String previous = connectionOf.remove(key);
        if (previous != null) {
            removeFromConnection(previous, key);
        }
    }

    /**
     * @param connectionId a connection that closed
     * @return the sessions it kept alive, now forgotten by it
     */
    Set<SessionKey> close(String connectionId) {
        Set<SessionKey> keys = sessionsOf.remove(connectionId);
        return keys == null ? Set.of() : Set.copyOf(keys);
    }

    /**
     * @return true when {@code connectionId} still kept {@code key} alive; the link is removed
     */
    boolean release(SessionKey key, String connectionId) {
        return connectionOf.remove(key, connectionId);
    }

    void clear() {
        connectionOf.clear();
        sessionsOf.clear();
    }

    private void removeFromConnection(String connectionId, SessionKey key) {
        sessionsOf.computeIfPresent(connectionId, (id, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }
}
