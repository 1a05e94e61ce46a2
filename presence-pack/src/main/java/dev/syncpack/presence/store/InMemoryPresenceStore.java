package dev.syncpack.presence.store;

import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.ChannelKey;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The default store: sessions in memory, lost on restart and private to one node. Thread-safe;
 * writes to one key are atomic; reads take no lock.
 *
 * <p>Sessions live in one map per channel, so listing a channel touches only its sessions and a
 * session costs one map entry. Writes to one channel are serialised (each runs a pure rule, which
 * is quick). An actor's sessions are indexed by a small copy-on-write array. Instead of an index
 * by expiry, which every heartbeat would have to reorder, each channel keeps a lower bound of its
 * sessions' expiry: finding expired sessions reads only the channels that may hold one.
 */
public final class InMemoryPresenceStore implements PresenceStore {

    private record ActorKey(String scope, String actorId) {
    }

    /** One channel's sessions and a lower bound of their expiry (epoch ms). */
    private static final class Channel {
        final ConcurrentHashMap<SessionKey, Session> sessions = new ConcurrentHashMap<>();
        final AtomicLong earliestExpiry = new AtomicLong(Long.MAX_VALUE);

        void lowerEarliestExpiry(long candidate) {
            long bound = earliestExpiry.get();
            while (candidate < bound && !earliestExpiry.compareAndSet(bound, candidate)) {
                bound = earliestExpiry.get();
            }
        }
    }

    private static final Comparator<Session> EXPIRY_ORDER =
            Comparator.comparing(Session::expiresAt).thenComparing(Session::key);
    private static final SessionKey[] NO_KEYS = new SessionKey[0];

    private final InstantSource clock;
    private final ConcurrentMap<ChannelKey, Channel> channels = new ConcurrentHashMap<>();
    private final ConcurrentMap<ActorKey, SessionKey[]> byActor = new ConcurrentHashMap<>();

    /**
     * Creates an empty store.
     *
     * @param clock the clock every stored time comes from
     */
    public InMemoryPresenceStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The rule is asked without the channel's lock; when it writes nothing (a keep or a reject,
     * e.g. a coalesced renewal) that is the answer, as of the read. Its write is applied only if the
     * key still holds the session the rule was asked about: a new version of a stored session (a
     * renewal) replaces exactly that session, without the lock; an insert or a removal, which also
     * changes the channel's membership and the actor's index, takes the channel's lock. If another
     * write came first, the rule is asked again with what is stored now.
     */
    @Override
    public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        ChannelKey channelKey = key.channelKey();
        while (true) {
            Channel channel = channels.get(channelKey);
            Session read = channel == null ? null : channel.sessions.get(key);
            Transition transition = Objects.requireNonNull(rule.apply(Optional.ofNullable(read), now()),
                    "rule returned null");
            switch (transition) {
                case Transition.Keep keep -> {
                    return transition;
                }
                case Transition.Reject reject -> {
                    return transition;
                }
                case Transition.Upsert upsert when read != null -> {
                    requireSameKey(key, upsert);
                    if (channel.sessions.replace(key, read, upsert.after())) {
                        channel.lowerEarliestExpiry(upsert.after().expiresAtMillis());
                        return transition;
                    }
                }
                case Transition.Upsert upsert -> {
                    if (insertLocked(channelKey, key, upsert)) {
                        return transition;
                    }
                }
                case Transition.Delete delete -> {
                    if (read == null || removeLocked(channelKey, key, read)) {
                        return transition;
                    }
                }
            }
        }
    }

    /** Stores a new session under the channel's lock; false when the key holds a session by then. */
    private boolean insertLocked(ChannelKey channelKey, SessionKey key, Transition.Upsert upsert) {
        requireSameKey(key, upsert);
        boolean[] inserted = new boolean[1];
        channels.compute(channelKey, (sameKey, existing) -> {
            Channel channel = existing != null ? existing : new Channel();
            if (channel.sessions.putIfAbsent(key, upsert.after()) == null) {
                channel.lowerEarliestExpiry(upsert.after().expiresAtMillis());
                addToActor(key);
                inserted[0] = true;
            }
            return channel.sessions.isEmpty() ? null : channel;
        });
        return inserted[0];
    }

    /** Removes {@code read} under the channel's lock; false when the key holds another session by then. */
    private boolean removeLocked(ChannelKey channelKey, SessionKey key, Session read) {
        boolean[] removed = new boolean[1];
        channels.computeIfPresent(channelKey, (sameKey, channel) -> {
            if (channel.sessions.remove(key, read)) {
                removeFromActor(key);
                removed[0] = true;
            }
            return channel.sessions.isEmpty() ? null : channel;
        });
        return removed[0];
    }

    private static void requireSameKey(SessionKey key, Transition.Upsert upsert) {
        if (!upsert.after().key().equals(key)) {
            throw new IllegalArgumentException("rule returned a session for " + upsert.after().key() + " instead of " + key);
        }
    }

    @Override
    public Optional<Session> get(SessionKey key) {
        return Optional.ofNullable(stored(key.channelKey(), key));
    }

    /** @return the session stored under {@code key} (in its channel, {@code channelKey}), or null */
    private Session stored(ChannelKey channelKey, SessionKey key) {
        Channel channel = channels.get(channelKey);
        return channel == null ? null : channel.sessions.get(key);
    }

    @Override
    public List<Session> list(String scope, String channel, Instant now) {
        Channel found = channels.get(new ChannelKey(scope, channel));
        if (found == null) {
            return List.of();
        }
        List<Session> live = new ArrayList<>(found.sessions.size());
        for (Session session : found.sessions.values()) {
            if (session.isLiveAt(now)) {
                live.add(session);
            }
        }
        return live;
    }

    @Override
    public int countSessions(String scope, String channel, Instant now) {
        Channel found = channels.get(new ChannelKey(scope, channel));
        if (found == null) {
            return 0;
        }
        int live = 0;
        for (Session session : found.sessions.values()) {
            if (session.isLiveAt(now)) {
                live++;
            }
        }
        return live;
    }

    @Override
    public ChannelCount count(String scope, String channel, Instant now) {
        List<Session> live = list(scope, channel, now);
        Set<String> actors = new HashSet<>();
        live.forEach(session -> actors.add(session.key().actorId()));
        return new ChannelCount(live.size(), actors.size());
    }

    @Override
    public List<Session> sessionsOfActor(String scope, String actorId) {
        List<Session> found = new ArrayList<>();
        for (SessionKey key : byActor.getOrDefault(new ActorKey(scope, actorId), NO_KEYS)) {
            get(key).ifPresent(found::add);
        }
        return found;
    }

    @Override
    public Optional<Session> deleteIfExpired(SessionKey key, Instant now) {
        Session[] deleted = new Session[1];
        channels.computeIfPresent(key.channelKey(), (channelKey, channel) -> {
            Session stored = channel.sessions.get(key);
            if (stored != null && !stored.isLiveAt(now) && channel.sessions.remove(key, stored)) {
                removeFromActor(key);
                deleted[0] = stored;
            }
            return channel.sessions.isEmpty() ? null : channel;
        });
        return Optional.ofNullable(deleted[0]);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the sessions of the channels whose expiry bound has passed, live ones included, and
     * tightens each bound on the way; channels where nothing can have expired are not read.
     */
    @Override
    public List<SessionKey> expired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long nowMillis = now.toEpochMilli();
        List<Session> expired = new ArrayList<>();
        for (Channel channel : channels.values()) {
            if (channel.earliestExpiry.get() > nowMillis) {
                continue;
            }
            channel.earliestExpiry.getAndSet(Long.MAX_VALUE);
            for (Session session : channel.sessions.values()) {
                channel.lowerEarliestExpiry(session.expiresAtMillis());
                if (!session.isLiveAt(now)) {
                    expired.add(session);
                }
            }
        }
        expired.sort(EXPIRY_ORDER);
        return expired.stream().limit(limit).map(Session::key).toList();
    }

    /** Runs inside the channel's compute, so an actor's index changes for one key never interleave. */
    private void addToActor(SessionKey key) {
        byActor.compute(new ActorKey(key.scope(), key.actorId()), (actor, keys) -> {
            if (keys == null) {
                return new SessionKey[] {key};
            }
            SessionKey[] more = Arrays.copyOf(keys, keys.length + 1);
            more[keys.length] = key;
            return more;
        });
    }

    private void removeFromActor(SessionKey key) {
        byActor.computeIfPresent(new ActorKey(key.scope(), key.actorId()), (actor, keys) -> {
            SessionKey[] rest = Arrays.stream(keys).filter(other -> !other.equals(key)).toArray(SessionKey[]::new);
            return rest.length == 0 ? null : rest;
        });
    }
}
