package dev.syncpack.presence.store;

import dev.syncpack.presence.core.Admission;
import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Where presence sessions live. Implementations must be thread-safe; every method is atomic on
 * its own, and {@link #compute} is atomic per key. All times come from the store's own clock
 * ({@link #now()}), so nodes sharing a store agree on expiry whatever their own clocks say.
 *
 * <p>"Live" means {@code now < expiresAt}. Expired sessions stay stored until something deletes
 * them; reads that say "live" leave them out.
 *
 * <p>Every store runs the contract suite {@code PresenceStoreContract} from this module's test-jar.
 */
public interface PresenceStore {

    /**
     * The time every stored time is measured by.
     *
     * @return the store clock's current time, truncated to milliseconds
     */
    Instant now();

    /**
     * Atomically reads the session stored under {@code key}, asks {@code rule} what to do with it
     * at the store's current time, and carries that out: {@link Transition.Upsert} stores its
     * {@code after}, {@link Transition.Delete} removes the session, {@link Transition.Keep} and
     * {@link Transition.Reject} store nothing. No other write to {@code key} happens in between.
     *
     * <p>A store may skip writing a pure renewal (an upsert that only moves {@code heartbeatAt},
     * {@code activeAt} and a later {@code expiresAt}) while the stored session has at least half
     * its TTL left, and return {@link Transition.Keep} with the stored session instead; nothing is
     * published then, and the stored expiry stays the truth every node judges by.
     *
     * <p>{@code rule} must be a pure function: it may be called more than once (the last call's
     * result counts) and must not touch the store.
     *
     * @param key the session
     * @param rule decides from (stored session, now)
     * @return the transition that was carried out
     * @throws RuntimeException whatever {@code rule} throws; nothing is written then
     * @throws dev.syncpack.spi.error.UnavailableException when the store cannot be reached
     */
    Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule);

    /**
     * Reads one session.
     *
     * @param key the session
     * @return the stored session, live or expired, or empty
     */
    Optional<Session> get(SessionKey key);

    /**
     * Lists a channel's live sessions.
     *
     * @param scope the tenant, or ""
     * @param channel the channel
     * @param now the time liveness is judged at
     * @return the live sessions of that channel in that scope, in no particular order
     */
    List<Session> list(String scope, String channel, Instant now);

    /**
     * Counts a channel's live sessions and actors.
     *
     * @param scope the tenant, or ""
     * @param channel the channel
     * @param now the time liveness is judged at
     * @return how many live sessions and distinct actors the channel has in that scope
     */
    ChannelCount count(String scope, String channel, Instant now);

    /**
     * Counts a channel's live sessions: what the default {@link #admission} asks on every join, so
     * a store may answer it more cheaply than {@link #count}.
     *
     * @param scope the tenant, or ""
     * @param channel the channel
     * @param now the time liveness is judged at
     * @return how many live sessions the channel has in that scope, as {@link #count} would say
     */
    default int countSessions(String scope, String channel, Instant now) {
        return count(scope, channel, now).sessions();
    }

    /**
     * Reads what admitting {@code key}'s session to its channel is judged by: the store's time, the
     * stored session and, at that time, the channel's live sessions and the actor's channels with a
     * live session. The pack asks it for every session that joins (or comes back after expiring),
     * so a database store should answer in one round trip; the default asks {@link #now},
     * {@link #get}, {@link #countSessions} and {@link #sessionsOfActor} in turn.
     *
     * @param key the session about to be admitted
     * @return what its admission is judged by
     * @throws dev.syncpack.spi.error.UnavailableException when the store cannot be reached
     */
    default Admission admission(SessionKey key) {
        Instant now = now();
        Optional<Session> current = get(key);
        Set<String> actorChannels = sessionsOfActor(key.scope(), key.actorId()).stream()
                .filter(session -> session.isLiveAt(now))
                .map(session -> session.key().channel())
                .collect(Collectors.toSet());
        return new Admission(now, current, countSessions(key.scope(), key.channel(), now), actorChannels);
    }

    /**
     * Lists an actor's sessions, for limits and for leaving all of them.
     *
     * @param scope the tenant, or ""
     * @param actorId the actor
     * @return every stored session of that actor in that scope, live or expired, in any channel
     */
    List<Session> sessionsOfActor(String scope, String actorId);

    /**
     * Deletes the session only if it is still expired when the delete happens
     * ({@code expiresAt <= now}); a session renewed in the meantime is left alone.
     *
     * @param key the session
     * @param now the time expiry is judged at
     * @return the deleted session, or empty when it was absent or live
     */
    Optional<Session> deleteIfExpired(SessionKey key, Instant now);

    /**
     * Deletes up to {@code limit} sessions that are expired at {@code now}, earliest expiry first,
     * in as few round trips as the store can; the cleanup sweep removes its batches with it. Each
     * session is deleted only if it is still expired when the delete happens, like
     * {@link #deleteIfExpired}; a session a concurrent write is renewing may be skipped, to be
     * found by a later sweep. The batch as a whole need not be atomic.
     *
     * @param now the time expiry is judged at
     * @param limit the most sessions to delete
     * @return the sessions deleted, in no particular order
     * @throws IllegalArgumentException when {@code limit < 1}
     */
    default List<Session> deleteExpired(Instant now, int limit) {
        List<Session> deleted = new java.util.ArrayList<>();
        for (SessionKey key : expired(now, limit)) {
            deleteIfExpired(key, now).ifPresent(deleted::add);
        }
        return deleted;
    }

    /**
     * Finds expired sessions for the cleanup sweep, without scanning live ones.
     *
     * @param now the time expiry is judged at
     * @param limit the most keys to return
     * @return keys of sessions with {@code expiresAt <= now}, earliest expiry first, at most {@code limit}
     * @throws IllegalArgumentException when {@code limit < 1}
     */
    List<SessionKey> expired(Instant now, int limit);
}
