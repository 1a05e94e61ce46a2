package dev.syncpack.presence;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * What this node keeps for each session: a pending timer at or before the session's next deadline
 * (expiry, typing end or activity change), which of its connections last heartbeated the session,
 * so a closed connection's sessions can be given their reconnect grace, and the session as the
 * store last decided it for a heartbeat here, so the next heartbeats can be answered without
 * asking the store again. All live in one entry per session, so a heartbeat finds them with one
 * lookup. A caller naming a session key holds that key's lock.
 *
 * <p>Anything else that happens to a session (a write by another path or another node, a failed
 * write, a settled deadline) goes through {@link #watch} or {@link #forget}, and both drop the
 * remembered session: only {@link #remember}, called after a heartbeat, sets it, and
 * {@link #watchRemembered}, for a heartbeat answered from it, keeps it.
 *
 * <p>A heartbeat moves a session's deadline later every time; rescheduling a timer for each would
 * cost more than the heartbeat itself. So a later deadline only updates the entry, and when the
 * timer fires before the deadline, {@link #claim} arms it again for the deadline: a session costs
 * one timer per time-to-live, not one per heartbeat. An earlier deadline replaces the timer.
 */
final class NodeSessions implements AutoCloseable {

    /**
     * One session's entry, guarded by its key's lock. Times are epoch milliseconds, rounded up
     * unless said otherwise (every heartbeat reads them, and a number is one memory access less than
     * an {@link Instant}).
     */
    private static final class Entry {
        /** The key the entry was made for; see {@link NodeSessions#sameKey}. */
        private final SessionKey key;
        /** The deadline to look at the session; meaningful while {@code timer} is set. */
        private long deadline;
        /** When {@code timer} fires. */
        private long firesAt;
        /** The pending check, or null when the session is not watched. */
        private PresenceTimer.Scheduled timer;
        /** The connection keeping the session alive, or null. */
        private String connection;
        /**
         * The session as the store last decided it for a heartbeat on this node, or null; kept in
         * the entry with its times as numbers, as a heartbeat answered from it touches little else.
         */
        private Session known;
        /** The store's clock when it decided {@code known}, in epoch milliseconds rounded up. */
        private long knownDecidedAt;
        /** This node's clock when it asked for {@code known}, in epoch milliseconds rounded down. */
        private long knownAskedAt;

        private Entry(SessionKey key) {
            this.key = key;
        }
    }

    /**
     * A session as the store decided it for a heartbeat on this node.
     *
     * @param session the session stored
     * @param storeNow the latest time the store's clock can read now, as both clocks run at the same
     *     rate: the store read its clock after it was asked, so at most the time since then has
     *     passed for it
     */
    record Known(Session session, Instant storeNow) {
    }

    private final PresenceTimer timer;
    private final Consumer<SessionKey> onDue;
    private final ConcurrentMap<SessionKey, Entry> entries = new ConcurrentHashMap<>();
    /**
     * The sessions each connection keeps alive, as arrays replaced on every change: a connection
     * keeps one or a few, and a set of its own would cost the node about 200 bytes more each.
     */
    private final ConcurrentMap<String, SessionKey[]> sessionsOfConnection = new ConcurrentHashMap<>();

    /**
     * @param timer runs the checks
     * @param onDue called on the timer's thread when a session's timer fires; it takes the key's
     *     lock and {@link #claim}s the session
     */
    NodeSessions(PresenceTimer timer, Consumer<SessionKey> onDue) {
        this.timer = timer;
        this.onDue = onDue;
    }

    /**
     * The one instance of a session's key this node works with. A heartbeat builds a new key from its
     * caller; working on the key its session was first stored with instead, the heartbeat finds the
     * session in this node's map and in an in-memory store's by identity, without reading the stored
     * key, and a renewed session keeps that key instead of holding a copy of its own.
     *
     * @return the key of this node's entry for {@code key}'s session, or {@code key} when there is none
     */
    SessionKey sameKey(SessionKey key) {
        Entry entry = entries.get(key);
        return entry == null ? key : entry.key;
    }

    /** Makes sure a check for {@code key} runs at {@code at}, and none before unless already armed. */
    void watch(SessionKey key, Instant at) {
        Entry entry = entry(key);
        watchEntry(entry, key, at);
        entry.known = null;
    }

    /** {@link #watch(SessionKey, Instant)}, and records that {@code connectionId} now keeps the session alive. */
    void watch(SessionKey key, Instant at, String connectionId) {
        watchKeptAlive(key, at, connectionId).known = null;
    }

    /**
     * {@link #watch(SessionKey, Instant, String)} for a session a heartbeat was answered for from
     * what is remembered of it, which stays remembered.
     */
    void watchRemembered(SessionKey key, Instant at, String connectionId) {
        watchKeptAlive(key, at, connectionId);
    }

    /**
     * Remembers a session as the store decided it for a heartbeat, until the next {@link #watch} or
     * {@link #forget} of its key. The session is watched already.
     *
     * @param decidedAt the store's clock when it decided
     * @param askedAt this node's clock when it asked, before the store read its own clock
     */
    void remember(SessionKey key, Session session, Instant decidedAt, Instant askedAt) {
        Entry entry = entry(key);
        entry.known = session;
        entry.knownDecidedAt = ceilingMillis(decidedAt);
        entry.knownAskedAt = askedAt.toEpochMilli();
    }

    /**
     * @param nodeNow this node's clock now
     * @return the session remembered for {@code key}; empty when there is none, or when this
     *     node's clock reads earlier (to the millisecond) than when it asked, so the time since is
     *     unknown
     */
    Optional<Known> recall(SessionKey key, Instant nodeNow) {
        Entry entry = entries.get(key);
        if (entry == null || entry.known == null) {
            return Optional.empty();
        }
        long elapsed = ceilingMillis(nodeNow) - entry.knownAskedAt;
        return elapsed < 0 ? Optional.empty()
                : Optional.of(new Known(entry.known, Instant.ofEpochMilli(entry.knownDecidedAt + elapsed)));
    }

    /** Stops watching {@code key} and forgets its connection: the session is gone. */
    void forget(SessionKey key) {
        Entry entry = entries.remove(key);
        if (entry == null) {
            return;
        }
        if (entry.timer != null) {
            entry.timer.cancel();
        }
        if (entry.connection != null) {
            removeFromConnection(entry.connection, key);
        }
    }

    /**
     * @param key a session whose timer fired
     * @param now the current time
     * @return true when the check of {@code key} was due at or before {@code now}; the session is no
     *     longer watched, and the caller settles it and watches it again. When the deadline moved
     *     later since the timer was set, the timer is set again for it and this returns false.
     */
    boolean claim(SessionKey key, Instant now) {
        Entry entry = entries.get(key);
        long nowMillis = now.toEpochMilli();
        if (entry == null || entry.timer == null || entry.firesAt > nowMillis) {
            return false;
        }
        if (entry.deadline > nowMillis) {
            arm(entry, key, entry.deadline);
            return false;
        }
        entry.timer = null;
        if (entry.connection == null) {
            entries.remove(key, entry);
        }
        return true;
    }

    /**
     * @param connectionId a connection that closed
     * @return the sessions it kept alive; each is still linked to it until {@link #release}
     */
    Set<SessionKey> close(String connectionId) {
        SessionKey[] keys = sessionsOfConnection.remove(connectionId);
        return keys == null ? Set.of() : Set.of(keys);
    }

    /**
     * @return true when {@code connectionId} still kept {@code key} alive; the link is removed
     */
    boolean release(SessionKey key, String connectionId) {
        Entry entry = entries.get(key);
        if (entry == null || !connectionId.equals(entry.connection)) {
            return false;
        }
        entry.connection = null;
        if (entry.timer == null) {
            entries.remove(key, entry);
        }
        return true;
    }

    @Override
    public void close() {
        entries.clear();
        sessionsOfConnection.clear();
        timer.close();
    }

    /** A plain read first: {@code computeIfAbsent} would lock the map's bin whenever the key is not its first node. */
    private Entry entry(SessionKey key) {
        Entry entry = entries.get(key);
        return entry != null ? entry : entries.computeIfAbsent(key, Entry::new);
    }

    /** Watches the session, records the connection keeping it alive, and keeps what is remembered. */
    private Entry watchKeptAlive(SessionKey key, Instant at, String connectionId) {
        Entry entry = entry(key);
        watchEntry(entry, key, at);
        if (!connectionId.equals(entry.connection)) {
            if (entry.connection != null) {
                removeFromConnection(entry.connection, key);
            }
            entry.connection = connectionId;
            sessionsOfConnection.compute(connectionId,
                    (id, keys) -> keys == null ? new SessionKey[] {key} : with(keys, key));
        }
        return entry;
    }

    private void watchEntry(Entry entry, SessionKey key, Instant at) {
        long atMillis = ceilingMillis(at);
        if (entry.timer != null && entry.firesAt <= atMillis) {
            entry.deadline = atMillis;
            return;
        }
        if (entry.timer != null) {
            entry.timer.cancel();
        }
        arm(entry, key, atMillis);
    }

    private void arm(Entry entry, SessionKey key, long atMillis) {
        entry.deadline = atMillis;
        entry.firesAt = atMillis;
        entry.timer = timer.schedule(Instant.ofEpochMilli(atMillis), () -> onDue.accept(key));
    }

    private void removeFromConnection(String connectionId, SessionKey key) {
        sessionsOfConnection.computeIfPresent(connectionId, (id, keys) -> without(keys, key));
    }

    /** @return {@code keys} and {@code key}, which a connection's keys hold at most once */
    private static SessionKey[] with(SessionKey[] keys, SessionKey key) {
        if (Arrays.asList(keys).contains(key)) {
            return keys;
        }
        SessionKey[] grown = Arrays.copyOf(keys, keys.length + 1);
        grown[keys.length] = key;
        return grown;
    }

    /** @return {@code keys} without {@code key}, or null when none is left */
    private static SessionKey[] without(SessionKey[] keys, SessionKey key) {
        SessionKey[] kept = Arrays.stream(keys).filter(each -> !each.equals(key)).toArray(SessionKey[]::new);
        return kept.length == 0 ? null : kept;
    }

    /** Rounds up, so that no check runs before the time it was asked for. */
    private static long ceilingMillis(Instant at) {
        long millis = at.toEpochMilli();
        return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
